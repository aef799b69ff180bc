package chat.client.protocol;

import java.util.Arrays;
import java.util.Optional;

/** Envelope types with their wire names; an unknown name is refused, never guessed. */
public enum EnvelopeType {
  ANNOUNCE("announce"),
  RECORD("record"),
  KEY("key"),
  CHAT("chat"),
  DIRECT("direct");

  private final String wireName;

  EnvelopeType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<EnvelopeType> fromWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
