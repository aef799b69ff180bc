package chat.client.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The client's one door to cryptography: room keys, wrapping them for a member, sealing and
 * opening chat payloads, and content hashes. Parameters are fixed here; callers choose none.
 *
 * <p>What it guarantees: a sealed payload can be read and is accepted only by holders of the room
 * key, unmodified, within the time-to-live. What it does not: any proof of which member sealed it
 * (every key holder can seal), or that a wrapped room key came from a member rather than the relay.
 */
public final class ChatCrypto {

  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(10);
  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

  private final SecureRandom random;
  private final FernetCipher fernet;
  private final RsaOaepKeyWrapper oaep = new RsaOaepKeyWrapper();
  private final HybridKeyWrap hybrid;

  public ChatCrypto(SecureRandom random, Clock clock, Duration tokenTtl) {
    this.random = random;
    this.hybrid = new HybridKeyWrap(random);
    this.fernet = new FernetCipher(random, clock, tokenTtl, MAX_CLOCK_SKEW);
  }

  public static ChatCrypto createDefault() {
    return new ChatCrypto(new SecureRandom(), Clock.systemUTC(), DEFAULT_TOKEN_TTL);
  }

  public MemberKeys newMemberKeys(int rsaBits) {
    return MemberKeys.generate(rsaBits, random);
  }

  public RoomKey newRoomKey() {
    return RoomKey.generate(random);
  }

  /**
   * Wraps the room key for one member. What is wrapped is the key's base64url text, the form
   * Python's Fernet uses, so either side can unwrap what the other wrapped.
   */
  public byte[] wrapRoomKey(RoomKey key, byte[] recipientPublicKeyDer) throws CryptoException {
    return oaep.wrap(MemberKeys.parsePublicKey(recipientPublicKeyDer),
        key.toFernetString().getBytes(StandardCharsets.US_ASCII));
  }

  public RoomKey unwrapRoomKey(MemberKeys own, byte[] wrapped) throws CryptoException {
    byte[] text = oaep.unwrap(own.privateKey(), wrapped);
    return RoomKey.fromFernetString(new String(text, StandardCharsets.US_ASCII));
  }

  /**
   * Wraps the room key for one member under both RSA-OAEP and ML-KEM-768 ({@link HybridKeyWrap}),
   * bound to the room and epoch it is the key of: a relay would have to break both to read it, and
   * cannot move it to another room or epoch.
   */
  public byte[] wrapRoomKeyHybrid(RoomKey key, byte[] rsaPublicDer, byte[] kemPublic, String room, long epoch)
      throws CryptoException {
    return hybrid.wrap(key.toFernetString().getBytes(StandardCharsets.US_ASCII), rsaPublicDer, kemPublic,
        hybridContext(room, epoch));
  }

  public RoomKey unwrapRoomKeyHybrid(MemberKeys own, byte[] delivery, String room, long epoch) throws CryptoException {
    byte[] text = hybrid.unwrap(own, delivery, hybridContext(room, epoch));
    return RoomKey.fromFernetString(new String(text, StandardCharsets.US_ASCII));
  }

  /**
   * Wraps the room key for a member as it announced itself: hybrid when it announced an ML-KEM key
   * (whatever the room requires, both halves are then used), RSA-OAEP alone otherwise.
   */
  public byte[] wrapRoomKeyFor(RoomKey key, byte[] announced, String room, long epoch) throws CryptoException {
    AnnouncedKey to = AnnouncedKey.split(announced); // each half is checked as the wrap uses it
    return to.hybrid() ? wrapRoomKeyHybrid(key, to.rsaDer(), to.kemKey(), room, epoch) : wrapRoomKey(key, to.rsaDer());
  }

  /**
   * Opens a room key wrapped for us: a member that announced hybrid takes nothing but a hybrid
   * delivery (a relay that swaps in an RSA-only one is refused), an RSA-only member RSA-OAEP.
   */
  public RoomKey unwrapRoomKeyFor(MemberKeys own, boolean announcedHybrid, byte[] wrapped, String room, long epoch)
      throws CryptoException {
    return announcedHybrid ? unwrapRoomKeyHybrid(own, wrapped, room, epoch) : unwrapRoomKey(own, wrapped);
  }

  /** Checks an announced ML-KEM-768 encapsulation key (length and FIPS 203's modulus check). */
  public static void checkKemPublicKey(byte[] kemPublic) throws CryptoException {
    MlKem768.publicKey(kemPublic);
  }

  private static byte[] hybridContext(String room, long epoch) {
    return Purpose.HYBRID_KEY.encode(room, Long.toString(epoch));
  }

  /**
   * The next epoch's room key as a Fernet token under the current one, for a record that only lets
   * members in: everyone who may read it holds {@code under} already, and opening it costs a member
   * microseconds where an RSA unwrap costs milliseconds.
   */
  public String carryRoomKey(RoomKey next, RoomKey under) {
    return fernet.encrypt(under, next.toFernetString().getBytes(StandardCharsets.US_ASCII));
  }

  public RoomKey openCarriedRoomKey(RoomKey under, String token) throws CryptoException {
    return RoomKey.fromFernetString(new String(fernet.decrypt(under, token), StandardCharsets.US_ASCII));
  }

  /** A Fernet token over the payload. */
  public String seal(RoomKey key, byte[] payload) {
    return fernet.encrypt(key, payload);
  }

  /** The payload of a token, or CryptoException if it is forged, altered, expired or for another key. */
  public byte[] open(RoomKey key, String token) throws CryptoException {
    return fernet.decrypt(key, token);
  }

  public IdentityKeys newIdentity() {
    return IdentityKeys.generate(random);
  }

  /** Ed25519 signature by {@code identity} over the purpose label and the parts. */
  public byte[] sign(IdentityKeys identity, Purpose purpose, String... parts) {
    return identity.sign(purpose.encode(parts));
  }

  /** Whether {@code signature} is the identity key's (X.509 DER) over the purpose and parts. */
  public static boolean verify(byte[] identityKeyDer, byte[] signature, Purpose purpose, String... parts) {
    return IdentityKeys.verify(identityKeyDer, purpose.encode(parts), signature);
  }

  public Invitation newInvitation(String room, String inviterFingerprint) {
    return Invitation.create(room, inviterFingerprint, random);
  }

  /** A fresh one-time key for a direct message. */
  public RoomKey newMessageKey() {
    return RoomKey.generate(random);
  }

  /** Hex SHA-256 of UTF-8 text: the content hash every chat message carries inside its token. */
  public static String contentHash(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hex SHA-256 over the purpose label and the length-prefixed parts: names a record, chains the next to it. */
  public static String digest(Purpose purpose, String... parts) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(purpose.encode(parts)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What a membership record commits its epoch's room key with: SHA-256 over the label, the room,
   * the epoch and the key's base64url text. It reveals nothing of a 256-bit random key, and a relay
   * cannot find another key that matches it.
   */
  public static String keyCommitment(RoomKey key, String room, long epoch) {
    return digest(Purpose.KEY_COMMITMENT, room, Long.toString(epoch), key.toFernetString());
  }

  /** Constant-time comparison of two hex hashes. */
  public static boolean sameHash(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
