package chat.client.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What a signature or MAC is for. Every signed or MACed input starts with the purpose label and
 * then each part length-prefixed (4-byte big-endian), so two different inputs can never encode to
 * the same bytes and a signature made for one purpose never verifies for another.
 */
public enum Purpose {
  ANNOUNCE("e2e-chat announce v3"),
  CHARTER("e2e-chat room charter v3"),
  RECORD("e2e-chat membership record v3"),
  /** Not a signature: the hash that names a record and chains the next one to it. */
  RECORD_HASH("e2e-chat membership record hash v3"),
  /** Not a signature: the hash a record commits to its epoch's room key with. */
  KEY_COMMITMENT("e2e-chat room key commitment v3"),
  CHAT("e2e-chat chat message v3"),
  DIRECT("e2e-chat direct message v3"),
  INVITE_PROOF("e2e-chat invitation proof v3"),
  /** Not a signature: the context a hybrid room key delivery is bound to (room, epoch). */
  HYBRID_KEY("e2e-chat hybrid room key context v1");

  private final String label;

  Purpose(String label) {
    this.label = label;
  }

  byte[] encode(String... parts) {
    byte[][] encoded = new byte[parts.length + 1][];
    encoded[0] = label.getBytes(StandardCharsets.UTF_8);
    int total = 4 + encoded[0].length;
    for (int i = 0; i < parts.length; i++) {
      encoded[i + 1] = (parts[i] == null ? "" : parts[i]).getBytes(StandardCharsets.UTF_8);
      total += 4 + encoded[i + 1].length;
    }
    ByteBuffer out = ByteBuffer.allocate(total);
    for (byte[] part : encoded) {
      out.putInt(part.length).put(part);
    }
    return out.array();
  }
}
