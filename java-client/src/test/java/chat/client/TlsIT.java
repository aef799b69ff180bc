package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full encrypted chat over {@code wss://}, against the real relay process serving TLS with a
 * self-signed certificate made here (by the JDK's keytool), and the ways it must fail closed.
 */
class TlsIT {

  @TempDir
  static Path dir;
  static Path keyStore;
  static Path certificate;

  @BeforeAll
  static void makeACertificateForLocalhost() throws Exception {
    keyStore = dir.resolve("relay.p12");
    certificate = dir.resolve("relay.pem");
    keytool("-genkeypair", "-alias", "relay", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "relay", "-keystore", keyStore.toString(), "-storepass", "changeit",
        "-file", certificate.toString());
  }

  RelayProcess tlsRelay() throws Exception {
    return new RelayProcess("--server.ssl.enabled=true", "--server.ssl.key-store=" + keyStore,
        "--server.ssl.key-store-password=changeit", "--server.ssl.key-store-type=PKCS12", "--server.ssl.key-alias=relay");
  }

  String[] args(String server, String user, String... more) {
    List<String> all = new ArrayList<>(List.of("--user", user, "--room", "tls", "--server", server, "--json",
        "--rsa-bits", "2048", "--join-wait", "700", "--config-dir", dir.resolve("config-" + user).toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void aWholeChatGoesOverWss_trustingTheRelaysOwnCertificate() throws Exception {
    try (var relay = tlsRelay()) {
      String wss = "wss://localhost:" + relay.port + "/chat";
      try (var alice = new CliProcess(args(wss, "alice", "--trust-store", certificate.toString()));
           var bob = new CliProcess(args(wss, "bob", "--trust-store", certificate.toString()))) {
        alice.awaitEvent("keyed");
        bob.awaitEvent("keyed");
        alice.awaitEvent("keyed", e -> e.path("epoch").asLong() == bob.awaitEvent("keyed").path("epoch").asLong());
        alice.type("over TLS, and end to end");
        assertThat(bob.awaitEvent("message").path("text").asText()).isEqualTo("over TLS, and end to end");
      }
    }
  }

  @Test
  void aCertificateForAnotherHost_orOneNotTrusted_failsClosed_withTheReasonInWords() throws Exception {
    try (var relay = tlsRelay()) {
      try (var wrongHost = new CliProcess(args("wss://127.0.0.1:" + relay.port + "/chat", "mallory",
          "--trust-store", certificate.toString()))) {
        assertThat(wrongHost.awaitExit()).isEqualTo(3);
        JsonNode error = wrongHost.awaitEvent("error");
        assertThat(error.path("reason").asText()).contains("certificate is for another host");
      }
      try (var untrusted = new CliProcess(args("wss://localhost:" + relay.port + "/chat", "trudy"))) {
        assertThat(untrusted.awaitExit()).isEqualTo(3);
        assertThat(untrusted.awaitEvent("error").path("reason").asText()).contains("certificate is not trusted")
            .contains("--trust-store");
      }
    }
  }

  @Test
  void plainWsToAnotherMachine_isRefusedUnlessTheUserSaysInsecure() throws Exception {
    try (var remote = new CliProcess(args("ws://relay.example:5535/chat", "walt"))) {
      assertThat(remote.awaitExit()).isEqualTo(2);
      assertThat(String.join("\n", remote.stderr)).contains("plain ws:// to another machine").contains("--insecure");
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }
}
