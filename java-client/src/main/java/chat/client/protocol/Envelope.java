package chat.client.protocol;

import java.util.List;

/**
 * What travels in a STOMP frame body: the one wire shape both sides agree on (docs/PROTOCOL.md).
 * Everything in an envelope is visible to the relay; secrets only ever travel inside a Fernet
 * token ({@link Chat#token()}) or wrapped with a member's RSA key ({@link KeyDelivery}).
 */
public sealed interface Envelope permits Envelope.Announce, Envelope.KeyDelivery, Envelope.Chat {

  int VERSION = 1;
  int MAX_ENVELOPE_BYTES = 60 * 1024;
  int MAX_NAME_CHARS = 32;
  int MAX_ROSTER_MEMBERS = 500;

  EnvelopeType type();

  String room();

  /** A member joins: here is my RSA public key (X.509 DER, base64) for wrapping the room key. */
  record Announce(String room, String member, String publicKey) implements Envelope {
    @Override
    public EnvelopeType type() {
      return EnvelopeType.ANNOUNCE;
    }
  }

  /**
   * The room key for one member, RSA-OAEP-wrapped with that member's announced key (base64). The
   * key id lets members see they hold the same key; {@code members} tells the newcomer who is in.
   */
  record KeyDelivery(String room, String from, String to, String keyId, String wrappedKey, List<String> members)
      implements Envelope {
    public KeyDelivery {
      members = List.copyOf(members);
    }

    @Override
    public EnvelopeType type() {
      return EnvelopeType.KEY;
    }
  }

  /** A chat message: a Fernet token whose plaintext is a {@link ChatContent}. */
  record Chat(String room, String token) implements Envelope {
    @Override
    public EnvelopeType type() {
      return EnvelopeType.CHAT;
    }

    @Override
    public String toString() {
      return "Chat[room=" + room + ", token=" + token.length() + " chars]";
    }
  }
}
