package chat.client.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a {@code wss://} connection trusts when the user names them (--trust-store): a
 * PEM file of the relay's certificate or its CA, or a PKCS12/JKS store (its password from
 * CHAT_TRUST_STORE_PASSWORD). Without one, the JVM's own trust store is used. The host name is
 * always checked against the certificate.
 */
public final class TrustStores {

  private TrustStores() {}

  public static SSLContext trusting(Path file, char[] password) throws IOException {
    try {
      KeyStore store;
      byte[] bytes = Files.readAllBytes(file);
      if (new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.US_ASCII).contains("-----BEGIN")) {
        store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(file)) {
          for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            store.setCertificateEntry("cert-" + i++, c);
          }
        }
        if (i == 0) {
          throw new IOException("no certificate in " + file);
        }
      } else {
        store = KeyStore.getInstance(file.toFile(), password);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the trust store " + file + ": " + e.getMessage(), e);
    }
  }
}
