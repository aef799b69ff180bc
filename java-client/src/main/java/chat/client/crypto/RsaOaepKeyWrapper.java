package chat.client.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA-OAEP (RFC 8017 section 7.1) with SHA-256 and MGF1-SHA-256 and an empty label. The
 * parameters are pinned explicitly: the JCE name "OAEPWithSHA-256AndMGF1Padding" alone means
 * MGF1 with SHA-1, which Python's {@code cryptography} code does not use.
 */
final class RsaOaepKeyWrapper {

  static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec(
      "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  private static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";

  byte[] wrap(PublicKey recipient, byte[] secret) throws CryptoException {
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, recipient, OAEP_SHA256);
      return cipher.doFinal(secret);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CryptoException("rsa-oaep wrap failed");
    }
  }

  byte[] unwrap(PrivateKey own, byte[] wrapped) throws CryptoException {
    return unwrap(own, wrapped, OAEP_SHA256);
  }

  /** With an explicit label: only the known-answer tests use labels. */
  byte[] unwrap(PrivateKey own, byte[] wrapped, byte[] label) throws CryptoException {
    return unwrap(own, wrapped, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
        new PSource.PSpecified(label)));
  }

  private static byte[] unwrap(PrivateKey own, byte[] wrapped, OAEPParameterSpec params) throws CryptoException {
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, own, params);
      return cipher.doFinal(wrapped);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CryptoException("rsa-oaep unwrap failed");
    }
  }
}
