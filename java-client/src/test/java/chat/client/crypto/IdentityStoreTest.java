package chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {

  @TempDir
  Path dir;

  @Test
  void firstRun_createsTheIdentityInAFileOnlyTheUserCanRead_andLaterRunsLoadTheSameOne() throws Exception {
    IdentityStore store = new IdentityStore(dir.resolve("alice"), new SecureRandom());
    IdentityKeys created = store.loadOrCreate(null);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
    IdentityKeys loaded = new IdentityStore(dir.resolve("alice"), new SecureRandom()).loadOrCreate(null);
    assertThat(loaded.fingerprint()).isEqualTo(created.fingerprint());
    byte[] data = Purpose.CHAT.encode("x");
    assertThat(IdentityKeys.verify(created.publicKeyDer(), data, loaded.sign(data))).isTrue();
  }

  @Test
  void withAPassphrase_theKeyIsSealed_theRightPassphraseOpensIt_andAWrongOneSaysSo() throws Exception {
    IdentityStore store = new IdentityStore(dir.resolve("bob"), new SecureRandom());
    IdentityKeys created = store.loadOrCreate("correct horse".toCharArray());
    String file = Files.readString(store.file());
    assertThat(file).startsWith("e2e-chat identity v1 pbkdf2-aes256gcm")
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(created.privateKeyBytes()));
    assertThat(store.loadOrCreate("correct horse".toCharArray()).fingerprint()).isEqualTo(created.fingerprint());
    assertThatThrownBy(() -> store.loadOrCreate("wrong".toCharArray())).hasMessageContaining("wrong passphrase");
    assertThatThrownBy(() -> store.loadOrCreate(null)).hasMessageContaining("CHAT_IDENTITY_PASSPHRASE").hasMessageContaining("--passphrase-file");
  }

  @Test
  void aDamagedFile_isReportedNotReplaced() throws Exception {
    IdentityStore store = new IdentityStore(dir.resolve("carol"), new SecureRandom());
    store.loadOrCreate(null);
    Files.writeString(store.file(), "garbage");
    assertThatThrownBy(() -> store.loadOrCreate(null)).hasMessageContaining("damaged");
    assertThat(Files.readString(store.file())).isEqualTo("garbage");
  }
}
