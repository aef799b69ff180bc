package chat.client.protocol;

import chat.wire.MemberName;
import java.util.List;

/**
 * What travels in a STOMP frame body: the one wire shape both sides agree on (docs/PROTOCOL.md,
 * version 3). Everything in an envelope is visible to the relay; secrets only travel inside a
 * Fernet token or wrapped with a member's RSA key, and everything that matters is signed by its
 * author's Ed25519 identity key.
 */
public sealed interface Envelope
    permits Envelope.Announce, Envelope.Record, Envelope.KeyDelivery, Envelope.Chat, Envelope.Direct {

  int VERSION = 3;
  int MAX_ENVELOPE_BYTES = 60 * 1024;
  int MAX_NAME_CHARS = MemberName.MAX_CHARS;
  /** Members of one room: a record listing them all stays under the relay's frame limit. */
  int MAX_MEMBERS = 256;

  EnvelopeType type();

  String room();

  /**
   * A member joins (or asks again for the current key): its RSA key for wrapping room keys, its
   * identity key, for {@code invite} rooms the invitation id and the proof of its secret, and the
   * hash of the record whose key it holds (none for a newcomer): a member that already holds the
   * current record needs nothing, and a newcomer seeing one knows a keyed member is present.
   * Signed by the identity key.
   */
  record Announce(String room, String member, MemberPublicKey publicKey, IdentityPublicKey identityKey,
      String invitationId, String proof, String head, Signature signature) implements Envelope {

    /** A newcomer's announce: it holds no record yet. */
    public Announce(String room, String member, MemberPublicKey publicKey, IdentityPublicKey identityKey,
        String invitationId, String proof, Signature signature) {
      this(room, member, publicKey, identityKey, invitationId, proof, null, signature);
    }

    @Override
    public EnvelopeType type() {
      return EnvelopeType.ANNOUNCE;
    }

    /** What the identity key signs (purpose ANNOUNCE). */
    public String[] signedParts() {
      return new String[] {room, member, publicKey.text(), identityKey.text(), invitationId, proof, head};
    }
  }

  /**
   * The room's rules, signed once by its creator: who may be let in, and how room keys must travel
   * ({@code hybrid} or {@code rsa}): inside the signature, so a relay cannot downgrade it.
   */
  record Charter(String room, String policy, String creator, IdentityPublicKey creatorIdentity, String protection,
      Signature signature) {

    /** The original design's charter: room keys under RSA-OAEP alone. */
    public Charter(String room, String policy, String creator, IdentityPublicKey creatorIdentity, Signature signature) {
      this(room, policy, creator, creatorIdentity, "rsa", signature);
    }

    /** What the creator signs (purpose CHARTER). */
    public String[] signedParts() {
      return new String[] {room, policy, creator, creatorIdentity.text(), protection};
    }
  }

  /** A member as a membership record lists it: its name, identity key and the fingerprint of its RSA key. */
  record RecordMember(String name, IdentityPublicKey identityKey, String keyFingerprint) {}

  /**
   * One step of a room's signed membership history (protocol 3): the whole member list after the
   * change, in the order members came in, every name ever removed, what changed, and a commitment
   * to the epoch's room key. Chained to the record before it by that record's hash; signed by its
   * author, who must be a member of the record before it (and the creator, for a removal).
   *
   * @param previous the hash of the record before, or null for the room's first record
   * @param change {@code create}, {@code join}, {@code leave}, {@code remove} or {@code rekey}
   * @param subjects who joined, left or was removed
   * @param keyCommitment SHA-256 over the epoch's room key (ChatCrypto#keyCommitment): a key that does
   *     not match it is refused, so a delivery needs no signature of its own
   */
  record Record(String room, long epoch, String previous, Charter charter, List<RecordMember> members,
      List<String> removed, String change, List<String> subjects, String keyCommitment, String author,
      Signature signature) implements Envelope {
    public static final List<String> CHANGES = List.of("create", "join", "leave", "remove", "rekey");

    public Record {
      members = List.copyOf(members);
      removed = List.copyOf(removed);
      subjects = List.copyOf(subjects);
    }

    /** What the author signs (purpose RECORD); with the signature, what the record's hash covers. */
    public String[] signedParts() {
      StringBuilder listed = new StringBuilder();
      members.forEach(m -> listed.append(m.name()).append('\n').append(m.identityKey().text()).append('\n')
          .append(m.keyFingerprint()).append('\n'));
      return new String[] {room, Long.toString(epoch), previous == null ? "" : previous, charter.signature().text(),
          listed.toString(), String.join("\n", removed), change, String.join("\n", subjects), keyCommitment, author};
    }

    /** What the record's hash covers (purpose RECORD_HASH): the signed parts, then the signature. */
    public String[] hashedParts() {
      String[] parts = signedParts();
      String[] all = java.util.Arrays.copyOf(parts, parts.length + 1);
      all[parts.length] = signature.text();
      return all;
    }

    public Record withSignature(Signature newSignature) {
      return new Record(room, epoch, previous, charter, members, removed, change, subjects, keyCommitment, author,
          newSignature);
    }

    public java.util.Optional<RecordMember> member(String name) {
      return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    @Override
    public EnvelopeType type() {
      return EnvelopeType.RECORD;
    }

    @Override
    public String toString() {
      return "Record[room=" + room + ", epoch=" + epoch + ", " + change + " " + subjects + ", by " + author + ", "
          + members.size() + " members]";
    }
  }

  /** A room key wrapped (RSA-OAEP) for one member's RSA key. */
  record Wrap(String to, WrappedKey wrappedKey) {}

  /** A member's RSA public key, authentic when its fingerprint is the one its record lists. */
  record MemberKey(String name, MemberPublicKey publicKey) {}

  /**
   * The room key of one record's epoch, wrapped for members of that record; for the members the
   * record lets in, also the other members' RSA keys (so they can write to them directly). Needs no
   * signature: a key counts only if it matches the signed record's commitment, and an RSA key only
   * if it matches the record's fingerprint. A large room's delivery comes in several parts.
   *
   * @param record the hash of the record the key belongs to
   * @param carried for a record that only lets members in: the key as a Fernet token under the
   *     previous epoch's key, which every member of the previous record holds and nobody else; null
   *     otherwise (a leave or removal must not be readable with the key the departed one holds)
   */
  record KeyDelivery(String room, String from, long epoch, String record, List<Wrap> wraps, List<MemberKey> publicKeys,
      String carried) implements Envelope {
    public KeyDelivery {
      wraps = List.copyOf(wraps);
      publicKeys = List.copyOf(publicKeys);
    }

    public KeyDelivery(String room, String from, long epoch, String record, List<Wrap> wraps,
        List<MemberKey> publicKeys) {
      this(room, from, epoch, record, wraps, publicKeys, null);
    }

    public java.util.Optional<Wrap> wrapFor(String member) {
      return wraps.stream().filter(w -> w.to().equals(member)).findFirst();
    }

    @Override
    public EnvelopeType type() {
      return EnvelopeType.KEY;
    }

    @Override
    public String toString() {
      return "KeyDelivery[room=" + room + ", epoch=" + epoch + ", from=" + from + ", " + wraps.size() + " wraps]";
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
  record Direct(String room, String to, WrappedKey wrappedKey, String token) implements Envelope {
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
