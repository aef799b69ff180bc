package chat.client.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A room's Fernet key: 32 bytes, the first half signing (HMAC-SHA256), the second encrypting
 * (AES-128-CBC), as in the Fernet spec. Its external form is the spec's base64url text, which is
 * exactly what Python's {@code Fernet.generate_key()} returns.
 */
public final class RoomKey {

  public static final int SIZE_IN_BYTES = 32;
  private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder();
  private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

  private final byte[] bytes;

  private RoomKey(byte[] bytes) {
    this.bytes = bytes;
  }

  public static RoomKey generate(SecureRandom random) {
    byte[] key = new byte[SIZE_IN_BYTES];
    random.nextBytes(key);
    return new RoomKey(key);
  }

  /** Parses the base64url form; anything that is not exactly 32 bytes is refused. */
  public static RoomKey fromFernetString(String encoded) throws CryptoException {
    byte[] key;
    try {
      key = URL_DECODER.decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new CryptoException("room key is not base64url");
    }
    if (key.length != SIZE_IN_BYTES) {
      throw new CryptoException("room key is not " + SIZE_IN_BYTES + " bytes");
    }
    return new RoomKey(key);
  }

  public String toFernetString() {
    return URL_ENCODER.encodeToString(bytes);
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /**
   * A short public id of the key (first 8 bytes of SHA-256 over a purpose label and the key),
   * so members can tell keys apart without revealing anything about them.
   */
  public String id() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("e2e-chat room-key-id v1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(Arrays.copyOf(sha.digest(bytes), 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RoomKey that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }

  @Override
  public String toString() {
    return "RoomKey[id=" + id() + "]";
  }
}
