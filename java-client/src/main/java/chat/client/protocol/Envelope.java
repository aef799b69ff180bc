package chat.client.protocol;

import chat.wire.MemberName;
import java.util.List;

/**
 * What travels in a STOMP frame body: the one wire shape both sides agree on (docs/PROTOCOL.md,
 * version 2). Everything in an envelope is visible to the relay; secrets only travel inside a
 * Fernet token or wrapped with a member's RSA key, and everything that matters is signed by its
 * author's Ed25519 identity key.
 */
public sealed interface Envelope
    permits Envelope.Announce, Envelope.KeyDelivery, Envelope.Chat, Envelope.Direct {

  int VERSION = 2;
  int MAX_ENVELOPE_BYTES = 60 * 1024;
  int MAX_NAME_CHARS = MemberName.MAX_CHARS;
  /** Members listed in one key delivery; a larger room's newcomer learns the rest as they speak. */
  int MAX_ROSTER_MEMBERS = 64;

  EnvelopeType type();

  String room();

  /**
   * A member joins (or asks again for the current key): its RSA key for wrapping room keys, its
   * identity key, and for {@code invite} rooms the invitation id and the proof of its secret.
   * Signed by the identity key.
   */
  record Announce(String room, String member, String publicKey, String identityKey, String invitationId,
      String proof, String signature) implements Envelope {
    @Override
    public EnvelopeType type() {
      return EnvelopeType.ANNOUNCE;
    }

    /** What the identity key signs (purpose ANNOUNCE). */
    public String[] signedParts() {
      return new String[] {room, member, publicKey, identityKey, invitationId, proof};
    }
  }

  /** A member as listed in a key delivery. */
  record MemberInfo(String name, String identityKey, String publicKey) {}

  /** The room's rules, signed once by its creator: who may be let in. */
  record Charter(String room, String policy, String creator, String creatorIdentity, String signature) {
    /** What the creator signs (purpose CHARTER). */
    public String[] signedParts() {
      return new String[] {room, policy, creator, creatorIdentity};
    }
  }

  /**
   * The room key of one epoch, RSA-OAEP-wrapped for one member. Signed by the sender over the
   * room, both names, the recipient's RSA key fingerprint, the epoch, the key id, the wrapped key,
   * the member list and the charter's signature: it cannot be replayed to another member, room or
   * epoch.
   */
  record KeyDelivery(String room, String from, String fromIdentity, String to, String toKeyFingerprint, long epoch,
      String keyId, String wrappedKey, List<MemberInfo> members, Charter charter, String signature)
      implements Envelope {
    public KeyDelivery {
      members = List.copyOf(members);
    }

    /** What the sender signs (purpose KEY_DELIVERY). */
    public String[] signedParts() {
      StringBuilder listed = new StringBuilder();
      members.forEach(m -> listed.append(m.name()).append('\n').append(m.identityKey()).append('\n')
          .append(m.publicKey()).append('\n'));
      return new String[] {room, from, fromIdentity, to, toKeyFingerprint, Long.toString(epoch), keyId, wrappedKey,
          listed.toString(), charter.signature()};
    }

    public KeyDelivery withSignature(String newSignature) {
      return new KeyDelivery(room, from, fromIdentity, to, toKeyFingerprint, epoch, keyId, wrappedKey, members, charter,
          newSignature);
    }

    @Override
    public EnvelopeType type() {
      return EnvelopeType.KEY;
    }
  }

  /** A room message: the epoch says which room key sealed the token; the rest is inside. */
  record Chat(String room, long epoch, String token) implements Envelope {
    @Override
    public EnvelopeType type() {
      return EnvelopeType.CHAT;
    }

    @Override
    public String toString() {
      return "Chat[room=" + room + ", epoch=" + epoch + ", token=" + token.length() + " chars]";
    }
  }

  /** A message for one member only: a one-time Fernet key wrapped for that member's RSA key. */
  record Direct(String room, String to, String wrappedKey, String token) implements Envelope {
    @Override
    public EnvelopeType type() {
      return EnvelopeType.DIRECT;
    }

    @Override
    public String toString() {
      return "Direct[room=" + room + ", to=" + to + "]";
    }
  }
}
