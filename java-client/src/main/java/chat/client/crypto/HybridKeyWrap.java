package chat.client.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A room key delivered so that an attacker must break both RSA-OAEP and ML-KEM-768 to read it
 * (docs/PROTOCOL.md, "Hybrid key delivery"): a fresh 32-byte secret wrapped with RSA-OAEP, an
 * ML-KEM-768 shared secret, and from both together, with the label, both ciphertexts, both public
 * keys and the room's context, a key-encryption key by HKDF-SHA-256; the room key is sealed under it
 * with AES-256-GCM. As in X-Wing, the combiner binds the classical ciphertext and public key; here
 * the ML-KEM ones are bound too.
 *
 * <p>Wire form: {@code 0x01}, then four parts each with a 2-byte length: the RSA ciphertext, the
 * ML-KEM ciphertext, the GCM nonce, the sealed key. A delivery without either half does not parse.
 */
final class HybridKeyWrap {

  static final byte VERSION = 1;
  static final String LABEL = "e2e-chat hybrid room key v1";
  private static final int SECRET_BYTES = 32;
  private static final int NONCE_BYTES = 12;

  private final RsaOaepKeyWrapper oaep = new RsaOaepKeyWrapper();
  private final SecureRandom random;

  HybridKeyWrap(SecureRandom random) {
    this.random = random;
  }

  /** Seals {@code key} for the holder of both public keys, bound to {@code context} (room, epoch). */
  byte[] wrap(byte[] key, byte[] rsaPublicDer, byte[] kemPublic, byte[] context) throws CryptoException {
    byte[] rsaSecret = new byte[SECRET_BYTES];
    random.nextBytes(rsaSecret);
    byte[] rsaCiphertext = oaep.wrap(MemberKeys.parsePublicKey(rsaPublicDer), rsaSecret);
    MlKem768.Encapsulated kem = MlKem768.encapsulate(kemPublic, random);
    byte[] kek = kek(kem.secret(), rsaSecret, kem.ciphertext(), rsaCiphertext, kemPublic, rsaPublicDer, context);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, kek, nonce, key);
    return encode(rsaCiphertext, kem.ciphertext(), nonce, sealed);
  }

  /** Opens a delivery made for {@code own}'s public keys under the same context; any change fails it. */
  byte[] unwrap(MemberKeys own, byte[] delivery, byte[] context) throws CryptoException {
    byte[][] parts = decode(delivery);
    byte[] rsaSecret = oaep.unwrap(own.privateKey(), parts[0]);
    if (rsaSecret.length != SECRET_BYTES) {
      throw new CryptoException("hybrid delivery: the rsa half carries no secret of the right size");
    }
    byte[] kemSecret = MlKem768.decapsulate(own.kemSeed(), parts[1]);
    byte[] kek = kek(kemSecret, rsaSecret, parts[1], parts[0], own.kemEncapsulationKey(), own.publicKeyDer(), context);
    return gcm(Cipher.DECRYPT_MODE, kek, parts[2], parts[3]);
  }

  /**
   * HKDF-SHA-256 (RFC 5869) of both shared secrets (ML-KEM's first, as X-Wing orders them), with
   * no salt and as info the label and every ciphertext, public key and context, each length-prefixed.
   */
  static byte[] kek(byte[] kemSecret, byte[] rsaSecret, byte[] kemCiphertext, byte[] rsaCiphertext, byte[] kemPublic,
      byte[] rsaPublicDer, byte[] context) {
    byte[] ikm = ByteBuffer.allocate(kemSecret.length + rsaSecret.length).put(kemSecret).put(rsaSecret).array();
    byte[] info = lengthPrefixed(LABEL.getBytes(StandardCharsets.US_ASCII), kemCiphertext, rsaCiphertext, kemPublic,
        rsaPublicDer, context);
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, null, info));
    byte[] out = new byte[32];
    hkdf.generateBytes(out, 0, out.length);
    return out;
  }

  private static byte[] gcm(int mode, byte[] kek, byte[] nonce, byte[] input) throws CryptoException {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, nonce));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CryptoException("hybrid delivery does not open with these keys");
    }
  }

  private static byte[] lengthPrefixed(byte[]... parts) {
    int total = 0;
    for (byte[] p : parts) {
      total += 4 + p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(total);
    for (byte[] p : parts) {
      out.putInt(p.length).put(p);
    }
    return out.array();
  }

  static byte[] encode(byte[]... parts) {
    int total = 1;
    for (byte[] p : parts) {
      total += 2 + p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(total).put(VERSION);
    for (byte[] p : parts) {
      out.putShort((short) p.length).put(p);
    }
    return out.array();
  }

  /** The four parts, each present and of a plausible size, or a refusal. */
  static byte[][] decode(byte[] delivery) throws CryptoException {
    if (delivery == null || delivery.length < 1 || delivery[0] != VERSION) {
      throw new CryptoException("not a hybrid delivery");
    }
    ByteBuffer in = ByteBuffer.wrap(delivery, 1, delivery.length - 1);
    byte[][] parts = new byte[4][];
    for (int i = 0; i < parts.length; i++) {
      if (in.remaining() < 2) {
        throw new CryptoException("hybrid delivery is missing a part (it needs both the rsa and the ml-kem half)");
      }
      int length = Short.toUnsignedInt(in.getShort());
      if (length == 0 || length > in.remaining()) {
        throw new CryptoException("hybrid delivery has an empty or cut part (it needs both halves)");
      }
      parts[i] = new byte[length];
      in.get(parts[i]);
    }
    if (in.hasRemaining() || parts[1].length != MlKem768.CIPHERTEXT_BYTES || parts[2].length != NONCE_BYTES) {
      throw new CryptoException("hybrid delivery is malformed");
    }
    return parts;
  }
}
