package chat.client.session;

import chat.client.crypto.AnnouncedKey;
import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.Invitation;
import chat.client.crypto.MemberKeys;
import chat.client.crypto.Purpose;
import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.IdentityPublicKey;
import chat.client.protocol.MemberPublicKey;
import chat.client.protocol.Signature;
import chat.client.protocol.WrappedKey;
import java.util.Optional;

/**
 * Everything cryptographic one member does in one room, in the room's own words: signing and
 * checking announces, charters, records and messages, committing to, wrapping, carrying and
 * unwrapping room keys, sealing and opening tokens. It is the only class of the session that calls
 * {@code chat.client.crypto} (PackageRulesTest keeps it so); the others hold keys as opaque values.
 * Each signature covers the parts docs/PROTOCOL.md gives under its purpose label.
 */
final class RoomCrypto {

  /** A key or token that does not open with what we hold, with the reason a user may read. */
  static final class Unusable extends Exception {
    Unusable(String reason) {
      super(reason);
    }
  }

  private final String room;
  private final String me;
  private final ChatCrypto crypto;
  private final RoomSession.Credentials own;
  private final MemberPublicKey ownPublicKey;
  private final IdentityPublicKey ownIdentityKey;
  private final String ownKeyFingerprint;
  private final boolean hybrid;

  /** @param hybrid whether we announce both keys and take only hybrid deliveries (else RSA alone) */
  RoomCrypto(String room, String me, ChatCrypto crypto, RoomSession.Credentials own, boolean hybrid) {
    this.room = room;
    this.me = me;
    this.crypto = crypto;
    this.own = own;
    this.hybrid = hybrid;
    this.ownPublicKey = MemberPublicKey.of(own.rsa().announced(hybrid));
    this.ownIdentityKey = IdentityPublicKey.of(own.identity().publicKeyDer());
    this.ownKeyFingerprint = MemberKeys.fingerprint(ownPublicKey.bytes());
  }

  /** Whether we take hybrid deliveries (and announced an ML-KEM key). */
  boolean hybrid() {
    return hybrid;
  }

  /** Our public key (RSA, and ML-KEM when hybrid), as announced. */
  MemberPublicKey ownPublicKey() {
    return ownPublicKey;
  }

  /** Our Ed25519 identity key. */
  IdentityPublicKey ownIdentityKey() {
    return ownIdentityKey;
  }

  /** The fingerprint of our RSA key, as records list it. */
  String ownKeyFingerprint() {
    return ownKeyFingerprint;
  }

  // --- keys of members ------------------------------------------------------------------------

  /** The fingerprint a person compares of an identity key. */
  static String fingerprint(IdentityPublicKey key) {
    return MemberKeys.fingerprint(key.bytes());
  }

  /** The fingerprint of an RSA key, as a record lists it. */
  static String fingerprint(MemberPublicKey key) {
    return MemberKeys.fingerprint(key.bytes());
  }

  /** Whether an announced key is one we would wrap a room key for (RSA of at least 2048 bits, and a sound ML-KEM key). */
  static boolean usable(MemberPublicKey key) {
    try {
      AnnouncedKey.parse(key.bytes());
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }

  /**
   * Whether a member announced an ML-KEM key beside its RSA key: it takes hybrid deliveries. Only
   * the layout is read: every announced key passed {@link #usable} before it was kept.
   */
  static boolean hybrid(MemberPublicKey key) {
    return AnnouncedKey.isHybrid(key.bytes());
  }

  // --- announces and charters -----------------------------------------------------------------

  /** Our announce, signed; with the proof of our invitation if we have one, and the head we hold. */
  Envelope.Announce announce(Invitation invitation, String head) {
    String invitationId = invitation == null ? null : invitation.id();
    String proof = invitation == null ? null : invitation.proof(me, ownPublicKey.text(), ownIdentityKey.text());
    Envelope.Announce unsigned = new Envelope.Announce(room, me, ownPublicKey, ownIdentityKey, invitationId, proof, head,
        null);
    return new Envelope.Announce(room, me, ownPublicKey, ownIdentityKey, invitationId, proof, head,
        sign(Purpose.ANNOUNCE, unsigned.signedParts()));
  }

  static boolean signedByItsMember(Envelope.Announce a) {
    return verify(a.identityKey(), a.signature(), Purpose.ANNOUNCE, a.signedParts());
  }

  /** Whether the announce carries a proof made with the secret of this invitation. */
  static boolean proves(Invitation invitation, Envelope.Announce a) {
    return invitation.checkProof(a.proof(), a.member(), a.publicKey().text(), a.identityKey().text());
  }

  Invitation newInvitation() {
    return crypto.newInvitation(room, fingerprint(ownIdentityKey));
  }

  /** The charter of a room we create, signed by us as its creator. */
  Envelope.Charter charter(String policy) {
    String protection = hybrid ? "hybrid" : "rsa";
    Envelope.Charter unsigned = new Envelope.Charter(room, policy, me, ownIdentityKey, protection, null);
    return new Envelope.Charter(room, policy, me, ownIdentityKey, protection,
        sign(Purpose.CHARTER, unsigned.signedParts()));
  }

  static boolean signedByItsCreator(Envelope.Charter c) {
    return verify(c.creatorIdentity(), c.signature(), Purpose.CHARTER, c.signedParts());
  }

  // --- records and room keys ------------------------------------------------------------------

  /** A record's name: what the next record chains to and a key delivery points at. */
  static String recordHash(Envelope.Record r) {
    return ChatCrypto.digest(Purpose.RECORD_HASH, r.hashedParts());
  }

  static boolean signedBy(Envelope.Record r, IdentityPublicKey identityKey) {
    return verify(identityKey, r.signature(), Purpose.RECORD, r.signedParts());
  }

  Envelope.Record signed(Envelope.Record unsigned) {
    return unsigned.withSignature(sign(Purpose.RECORD, unsigned.signedParts()));
  }

  RoomKey newRoomKey() {
    return crypto.newRoomKey();
  }

  /** What a record of this epoch commits its key with. */
  String commitment(RoomKey key, long epoch) {
    return ChatCrypto.keyCommitment(key, room, epoch);
  }

  /** Whether the key is the one the record committed to. */
  boolean committed(RoomKey key, Envelope.Record r) {
    return ChatCrypto.sameHash(ChatCrypto.keyCommitment(key, room, r.epoch()), r.keyCommitment());
  }

  /** Context of a direct message's key: no epoch (a direct message is not the room's key). */
  static final long DIRECT = -1;

  /** The key wrapped for a member, if its announced key is the one the record lists for it. */
  Optional<WrappedKey> wrapFor(RoomKey key, MemberPublicKey publicKey, String listedFingerprint, long epoch) {
    if (!fingerprint(publicKey).equals(listedFingerprint)) {
      return Optional.empty(); // a member that rejoined has a new key
    }
    return wrapFor(key, publicKey, epoch);
  }

  /**
   * The key wrapped for a member as it announced itself (hybrid when it announced an ML-KEM key),
   * bound to this room and {@code epoch} ({@link #DIRECT} for a direct message); empty if its key is
   * none we wrap for.
   */
  Optional<WrappedKey> wrapFor(RoomKey key, MemberPublicKey publicKey, long epoch) {
    try {
      return Optional.of(WrappedKey.of(crypto.wrapRoomKeyFor(key, publicKey.bytes(), room, epoch)));
    } catch (CryptoException e) {
      return Optional.empty();
    }
  }

  /** Opens a key wrapped for us for {@code epoch}: only a hybrid delivery if we announced hybrid. */
  RoomKey unwrap(WrappedKey wrappedKey, long epoch) throws Unusable {
    try {
      return crypto.unwrapRoomKeyFor(own.rsa(), hybrid, wrappedKey.bytes(), room, epoch);
    } catch (CryptoException e) {
      throw new Unusable(e.getMessage());
    }
  }

  /** The next key as a token under the current one, for members who hold the current one. */
  String carry(RoomKey next, RoomKey under) {
    return crypto.carryRoomKey(next, under);
  }

  RoomKey openCarried(RoomKey under, String token) throws Unusable {
    try {
      return crypto.openCarriedRoomKey(under, token);
    } catch (CryptoException | IllegalArgumentException e) {
      throw new Unusable(e.getMessage());
    }
  }

  // --- messages -------------------------------------------------------------------------------

  /** Content with its hash and our signature: for the room when {@code to} is null, else for {@code to}. */
  ChatContent signed(ChatContent unsigned, String to) {
    return unsigned.withSignature(sign(to == null ? Purpose.CHAT : Purpose.DIRECT, unsigned.signedParts(to)));
  }

  static String contentHash(String text) {
    return ChatCrypto.contentHash(text);
  }

  static boolean hashMatches(ChatContent content) {
    return ChatCrypto.sameHash(ChatCrypto.contentHash(content.text()), content.sha256());
  }

  /** Whether {@code identityKey} signed the content (for the room when {@code to} is null, else for {@code to}). */
  static boolean signedBy(ChatContent content, String to, IdentityPublicKey identityKey) {
    return identityKey != null
        && verify(identityKey, content.signature(), to == null ? Purpose.CHAT : Purpose.DIRECT, content.signedParts(to));
  }

  RoomKey newMessageKey() {
    return crypto.newMessageKey();
  }

  String seal(RoomKey key, byte[] payload) {
    return crypto.seal(key, payload);
  }

  byte[] open(RoomKey key, String token) throws Unusable {
    try {
      return crypto.open(key, token);
    } catch (CryptoException e) {
      throw new Unusable(e.getMessage());
    }
  }

  private Signature sign(Purpose purpose, String... parts) {
    return Signature.of(crypto.sign(own.identity(), purpose, parts));
  }

  private static boolean verify(IdentityPublicKey key, Signature signature, Purpose purpose, String... parts) {
    return key != null && signature != null && ChatCrypto.verify(key.bytes(), signature.bytes(), purpose, parts);
  }
}
