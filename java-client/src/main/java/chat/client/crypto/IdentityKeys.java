package chat.client.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * A user's long-term identity: an Ed25519 key pair (RFC 8032, the JDK's own implementation).
 * It signs announcements, key deliveries and messages; its fingerprint is what people compare.
 * The private half never leaves this object except as an encrypted or 0600 file (IdentityStore).
 */
public final class IdentityKeys {

  static final String ALGORITHM = "Ed25519";
  static final int SIGNATURE_SIZE_IN_BYTES = 64;
  private final KeyPair pair;

  IdentityKeys(KeyPair pair) {
    this.pair = pair;
  }

  public static IdentityKeys generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
      generator.initialize(255, random);
      return new IdentityKeys(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every Java 15+ platform", e);
    }
  }

  static IdentityKeys fromPkcs8(byte[] privateDer, byte[] publicDer) throws CryptoException {
    try {
      KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(publicDer));
      return new IdentityKeys(new KeyPair(publicKey, privateKey));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CryptoException("identity key file is damaged");
    }
  }

  byte[] privateKeyPkcs8() {
    return pair.getPrivate().getEncoded();
  }

  public byte[] publicKeyDer() {
    return pair.getPublic().getEncoded();
  }

  public String fingerprint() {
    return MemberKeys.fingerprint(publicKeyDer());
  }

  byte[] sign(byte[] data) {
    try {
      Signature signer = Signature.getInstance(ALGORITHM);
      signer.initSign(pair.getPrivate());
      signer.update(data);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Verifies an Ed25519 signature with a DER (X.509) public key; false on any malformed input. */
  static boolean verify(byte[] publicDer, byte[] data, byte[] signature) {
    // RFC 8032 signatures are exactly 64 bytes. The JDK 17 verifier ignores bytes appended after
    // them (Wycheproof Ed25519 tcId 37), which would make signatures malleable: refuse those here.
    if (signature == null || signature.length != SIGNATURE_SIZE_IN_BYTES) {
      return false;
    }
    try {
      PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(publicDer));
      Signature verifier = Signature.getInstance(ALGORITHM);
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "IdentityKeys[" + fingerprint() + "]";
  }
}
