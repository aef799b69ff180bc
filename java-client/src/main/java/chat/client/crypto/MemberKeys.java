package chat.client.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A member's key pairs for receiving room keys: RSA (the original design's wrapping) and
 * ML-KEM-768 (the post-quantum half of a hybrid delivery, {@link HybridKeyWrap}); the private
 * halves never leave this object.
 */
public final class MemberKeys {

  public static final int MIN_RSA_BITS = 2048;
  public static final int DEFAULT_RSA_BITS = 3072;

  private final KeyPair pair;
  private final MlKem768.KeyPair kem;

  private MemberKeys(KeyPair pair, MlKem768.KeyPair kem) {
    this.pair = pair;
    this.kem = kem;
  }

  public static MemberKeys generate(int bits, SecureRandom random) {
    if (bits < MIN_RSA_BITS) {
      throw new IllegalArgumentException("RSA keys must have at least " + MIN_RSA_BITS + " bits");
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
      return new MemberKeys(generator.generateKeyPair(), MlKem768.generate(random));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA key generation is required by every Java platform", e);
    }
  }

  /** The public key as X.509 SubjectPublicKeyInfo DER, the form announced to the room. */
  public byte[] publicKeyDer() {
    return pair.getPublic().getEncoded();
  }

  java.security.PrivateKey privateKey() {
    return pair.getPrivate();
  }

  /** The ML-KEM-768 encapsulation key (1,184 bytes), announced beside the RSA key. */
  public byte[] kemEncapsulationKey() {
    return kem.encapsulationKey().clone();
  }

  /** What this member announces: both keys when it takes hybrid deliveries, else the RSA key alone. */
  public byte[] announced(boolean hybrid) {
    return new AnnouncedKey(publicKeyDer(), hybrid ? kemEncapsulationKey() : null).encoded();
  }

  byte[] kemSeed() {
    return kem.seed();
  }

  /** Parses an announced public key; refuses non-RSA keys and keys under 2048 bits. */
  public static PublicKey parsePublicKey(byte[] der) throws CryptoException {
    try {
      PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      if (!(key instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < MIN_RSA_BITS) {
        throw new CryptoException("public key is not RSA of at least " + MIN_RSA_BITS + " bits");
      }
      return key;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CryptoException("public key is not a valid RSA key");
    }
  }

  /** SHA-256 of the DER public key, first 16 bytes in hex groups: what /who shows. */
  public static String fingerprint(byte[] publicKeyDer) {
    try {
      byte[] digest = Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(publicKeyDer), 16);
      String hex = HexFormat.of().formatHex(digest);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < hex.length(); i += 4) {
        out.append(i == 0 ? "" : " ").append(hex, i, i + 4);
      }
      return out.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "MemberKeys[" + fingerprint(publicKeyDer()) + "]";
  }
}
