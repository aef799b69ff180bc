package chat.client;

import chat.client.crypto.CryptoException;
import chat.client.crypto.IdentityStore;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/** The saved identity key of one directory, as the command line asks about it before the chat opens it. */
public final class IdentityFile {

  private final IdentityStore store;

  public IdentityFile(Path directory) {
    this.store = new IdentityStore(directory, new SecureRandom());
  }

  public Path file() {
    return store.file();
  }

  public boolean exists() {
    return store.exists();
  }

  /** Whether the key is sealed under a passphrase. */
  public boolean isProtected() throws IOException {
    return store.isProtected();
  }

  /** Seals the (unprotected) key under a passphrase from now on. */
  public void protect(char[] passphrase) throws IOException {
    try {
      store.protect(passphrase);
    } catch (CryptoException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
