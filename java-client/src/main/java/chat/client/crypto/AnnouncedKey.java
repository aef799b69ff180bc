package chat.client.crypto;

import java.nio.ByteBuffer;

/**
 * The public key a member announces for receiving room keys: its RSA key alone (X.509 DER, the
 * original design's), or, for a member that can take hybrid deliveries, its RSA key and its
 * ML-KEM-768 encapsulation key together ({@code 0x01}, then each with a 2-byte length; a DER key
 * starts with {@code 0x30}, so the two cannot be confused). Announced as one value, so the identity
 * signature over the announce and the fingerprint a record lists cover both halves: a relay cannot
 * strip the post-quantum half without the signature failing.
 *
 * @param kemKey the ML-KEM-768 encapsulation key; null for an RSA-only member
 */
public record AnnouncedKey(byte[] rsaDer, byte[] kemKey) {

  private static final byte HYBRID = 1;

  public boolean hybrid() {
    return kemKey != null;
  }

  public byte[] encoded() {
    if (kemKey == null) {
      return rsaDer.clone();
    }
    return ByteBuffer.allocate(1 + 2 + rsaDer.length + 2 + kemKey.length).put(HYBRID)
        .putShort((short) rsaDer.length).put(rsaDer).putShort((short) kemKey.length).put(kemKey).array();
  }

  /** Parses and checks both halves (an RSA key of at least 2048 bits; FIPS 203's checks for the ML-KEM key). */
  public static AnnouncedKey parse(byte[] announced) throws CryptoException {
    AnnouncedKey key = split(announced);
    MemberKeys.parsePublicKey(key.rsaDer);
    if (key.kemKey != null) {
      MlKem768.publicKey(key.kemKey);
    }
    return key;
  }

  /**
   * Its halves, checking only the layout: for a key already checked when it was announced, and
   * for wrapping, which checks each half as it uses it.
   */
  static AnnouncedKey split(byte[] announced) throws CryptoException {
    if (announced == null || announced.length == 0) {
      throw new CryptoException("no public key");
    }
    if (announced[0] != HYBRID) {
      return new AnnouncedKey(announced, null);
    }
    ByteBuffer in = ByteBuffer.wrap(announced, 1, announced.length - 1);
    byte[] rsa = part(in);
    byte[] kem = part(in);
    if (in.hasRemaining()) {
      throw new CryptoException("hybrid public key has bytes after its two halves");
    }
    return new AnnouncedKey(rsa, kem);
  }

  /** Whether an announced key carries an ML-KEM half (its layout only: it was checked when announced). */
  public static boolean isHybrid(byte[] announced) {
    return announced != null && announced.length > 0 && announced[0] == HYBRID;
  }

  private static byte[] part(ByteBuffer in) throws CryptoException {
    if (in.remaining() < 2) {
      throw new CryptoException("hybrid public key is missing a half");
    }
    int length = Short.toUnsignedInt(in.getShort());
    if (length == 0 || length > in.remaining()) {
      throw new CryptoException("hybrid public key has an empty or cut half");
    }
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }
}
