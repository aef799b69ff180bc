package chat.client.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * ML-KEM-768 (FIPS 203) through BouncyCastle's lightweight API: key pairs kept as the 64-byte seed
 * (d || z) and the 1,184-byte encapsulation key, encapsulation to a key given as bytes, and
 * decapsulation. An encapsulation key is checked as FIPS 203 section 7.2 asks (its length, and its
 * coefficients below the modulus: decoding and encoding again must give the same bytes) before it
 * is used, so a relay cannot slip in a malformed one.
 */
final class MlKem768 {

  static final MLKEMParameters PARAMETERS = MLKEMParameters.ml_kem_768;
  static final int ENCAPSULATION_KEY_BYTES = 1184;
  static final int CIPHERTEXT_BYTES = 1088;
  static final int SEED_BYTES = 64;

  /** A key pair: the seed it was made from, and its encapsulation key. */
  record KeyPair(byte[] seed, byte[] encapsulationKey) {}

  /** A shared secret and the ciphertext that carries it to the key's holder. */
  record Encapsulated(byte[] secret, byte[] ciphertext) {}

  private MlKem768() {}

  static KeyPair generate(SecureRandom random) {
    MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
    generator.init(new MLKEMKeyGenerationParameters(random, PARAMETERS));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    MLKEMPrivateKeyParameters secret = (MLKEMPrivateKeyParameters) pair.getPrivate();
    return new KeyPair(secret.getSeed(), ((MLKEMPublicKeyParameters) pair.getPublic()).getEncoded());
  }

  /** The encapsulation key of the pair made from {@code seed}. */
  static byte[] encapsulationKeyOf(byte[] seed) throws CryptoException {
    return privateKey(seed).getPublicKey();
  }

  static Encapsulated encapsulate(byte[] encapsulationKey, SecureRandom random) throws CryptoException {
    MLKEMPublicKeyParameters key = publicKey(encapsulationKey);
    try {
      SecretWithEncapsulation made = new MLKEMGenerator(random).generateEncapsulated(key);
      return new Encapsulated(made.getSecret(), made.getEncapsulation());
    } catch (RuntimeException e) {
      throw new CryptoException("ml-kem encapsulation failed");
    }
  }

  /**
   * The shared secret a ciphertext carries. A ciphertext of the right length never fails: a wrong
   * one gives a pseudorandom secret (FIPS 203's implicit rejection), which the key derived from it
   * then fails to open.
   */
  static byte[] decapsulate(byte[] seed, byte[] ciphertext) throws CryptoException {
    if (ciphertext == null || ciphertext.length != CIPHERTEXT_BYTES) {
      throw new CryptoException("ml-kem ciphertext of the wrong length");
    }
    try {
      return new MLKEMExtractor(privateKey(seed)).extractSecret(ciphertext);
    } catch (RuntimeException e) {
      throw new CryptoException("ml-kem decapsulation failed");
    }
  }

  /** FIPS 203 section 7.2's encapsulation key check: its length, then the modulus check. */
  static MLKEMPublicKeyParameters publicKey(byte[] encapsulationKey) throws CryptoException {
    if (encapsulationKey == null || encapsulationKey.length != ENCAPSULATION_KEY_BYTES) {
      throw new CryptoException("ml-kem encapsulation key of the wrong length");
    }
    MLKEMPublicKeyParameters key;
    try {
      key = new MLKEMPublicKeyParameters(PARAMETERS, encapsulationKey);
    } catch (RuntimeException e) { // BouncyCastle makes the modulus check as it decodes
      throw new CryptoException("ml-kem encapsulation key fails the modulus check of FIPS 203");
    }
    if (!Arrays.equals(key.getEncoded(), encapsulationKey)) { // and so does this, whatever the library does
      throw new CryptoException("ml-kem encapsulation key fails the modulus check");
    }
    return key;
  }

  private static MLKEMPrivateKeyParameters privateKey(byte[] seed) throws CryptoException {
    if (seed == null || seed.length != SEED_BYTES) {
      throw new CryptoException("ml-kem seed of the wrong length");
    }
    try {
      return new MLKEMPrivateKeyParameters(PARAMETERS, seed);
    } catch (RuntimeException e) {
      throw new CryptoException("ml-kem private key is malformed");
    }
  }
}
