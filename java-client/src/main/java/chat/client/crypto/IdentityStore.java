package chat.client.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps a user's identity key in {@code <dir>/identity.key} (mode 600), created on first run.
 * With a passphrase the private key is sealed with AES-256-GCM under a key derived by
 * PBKDF2-HMAC-SHA256 (600,000 iterations, OWASP 2023); without one it is stored as the raw
 * 32-byte RFC 8032 private key, protected by the file mode only.
 */
public final class IdentityStore {

  static final String FILE_NAME = "identity.key";
  static final int PBKDF2_ITERATIONS = 600_000;
  private static final String PLAIN = "e2e-chat identity v1 plain";
  private static final String SEALED = "e2e-chat identity v1 pbkdf2-aes256gcm";

  private final Path directory;
  private final SecureRandom random;

  public IdentityStore(Path directory, SecureRandom random) {
    this.directory = directory;
    this.random = random;
  }

  public Path file() {
    return directory.resolve(FILE_NAME);
  }

  public boolean exists() {
    return Files.exists(file());
  }

  /** Whether the saved key is sealed under a passphrase. */
  public boolean isProtected() throws IOException {
    return exists() && Files.readString(file(), StandardCharsets.US_ASCII).startsWith(SEALED);
  }

  /** Seals the saved (unprotected) key under a passphrase from now on. */
  public void protect(char[] passphrase) throws IOException, CryptoException {
    save(load(null), passphrase);
  }

  /** Loads the identity, or creates and saves a new one; {@code passphrase} may be null. */
  public IdentityKeys loadOrCreate(char[] passphrase) throws IOException, CryptoException {
    if (Files.exists(file())) {
      privateDirectory(directory); // one made by an earlier version was left readable by all
      return load(passphrase);
    }
    IdentityKeys created = IdentityKeys.generate(random);
    save(created, passphrase);
    return created;
  }

  private IdentityKeys load(char[] passphrase) throws IOException, CryptoException {
    String[] lines = Files.readString(file(), StandardCharsets.US_ASCII).strip().split("\n");
    if (lines.length != 3) {
      throw new CryptoException("identity key file is damaged");
    }
    byte[] publicDer = decode(lines[1]);
    byte[] body = decode(lines[2]);
    if (PLAIN.equals(lines[0])) {
      return IdentityKeys.fromPrivate(body, publicDer);
    }
    if (!SEALED.equals(lines[0])) {
      throw new CryptoException("identity key file is damaged");
    }
    if (passphrase == null) {
      throw new CryptoException("the identity key is protected by a passphrase: type it at the prompt, or give it"
          + " with --passphrase-file or CHAT_IDENTITY_PASSPHRASE");
    }
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    byte[] iv = new byte[12];
    in.get(salt).get(iv);
    byte[] sealed = new byte[in.remaining()];
    in.get(sealed);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, derive(passphrase, salt), new GCMParameterSpec(128, iv));
      cipher.updateAAD(publicDer);
      return IdentityKeys.fromPrivate(cipher.doFinal(sealed), publicDer);
    } catch (GeneralSecurityException e) {
      throw new CryptoException("wrong passphrase for the identity key");
    }
  }

  private void save(IdentityKeys identity, char[] passphrase) throws IOException, CryptoException {
    Files.createDirectories(directory);
    privateDirectory(directory);
    String header;
    byte[] body;
    if (passphrase == null) {
      header = PLAIN;
      body = identity.privateKeyBytes();
    } else {
      header = SEALED;
      byte[] salt = new byte[16];
      byte[] iv = new byte[12];
      random.nextBytes(salt);
      random.nextBytes(iv);
      try {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, derive(passphrase, salt), new GCMParameterSpec(128, iv));
        cipher.updateAAD(identity.publicKeyDer());
        byte[] sealed = cipher.doFinal(identity.privateKeyBytes());
        body = ByteBuffer.allocate(salt.length + iv.length + sealed.length).put(salt).put(iv).put(sealed).array();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    String text = header + "\n" + Base64.getEncoder().encodeToString(identity.publicKeyDer()) + "\n"
        + Base64.getEncoder().encodeToString(body) + "\n";
    Path temp = Files.createTempFile(directory, "identity", ".tmp");
    restrict(temp);
    Files.writeString(temp, text, StandardCharsets.US_ASCII);
    Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    restrict(file());
  }

  /** The identity's directory is the user's alone (it also holds whom they trust). */
  private static void privateDirectory(Path dir) throws IOException {
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the user's profile directory is already private
    }
  }

  private static void restrict(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the user's profile directory is already private
    }
  }

  private static SecretKeySpec derive(char[] passphrase, byte[] salt) throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(passphrase, salt, PBKDF2_ITERATIONS, 256);
    try {
      byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return new SecretKeySpec(key, "AES");
    } finally {
      spec.clearPassword();
    }
  }

  private static byte[] decode(String line) throws CryptoException {
    try {
      return Base64.getDecoder().decode(line.strip());
    } catch (IllegalArgumentException e) {
      throw new CryptoException("identity key file is damaged");
    }
  }

  @Override
  public String toString() {
    return "IdentityStore[" + file() + "]";
  }

}
