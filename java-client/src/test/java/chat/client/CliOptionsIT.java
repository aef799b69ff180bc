package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's options as a newcomer gets them wrong, its config file, and where its identity lives. */
class CliOptionsIT {

  @TempDir
  Path home;

  private Map<String, String> env() {
    return Map.of("XDG_CONFIG_HOME", home.toString());
  }

  private static String nowhere() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      return "ws://127.0.0.1:" + free.getLocalPort() + "/chat";
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "--join-wait -5|--join-wait must be more than 0, not -5",
      "--key-timeout 0|--key-timeout must be more than 0",
      "--heartbeat abc|'abc' is not a number",
      "--server http://127.0.0.1:5535/chat|--server ws://127.0.0.1:5535/chat",
      "--server https://chat.example.org/chat|--server wss://chat.example.org/chat",
      "--server ftp://x/chat|must be a ws:// or wss:// URL",
      "--colour never|did you mean --color?",
      "--time-format yyyy|is not a time pattern"})
  void aBadOption_isOneLineOnStderr_withWhatToDo_andExit2(String option, String says) throws Exception {
    try (var bad = new CliProcess(env(), option.split(" "))) {
      assertThat(bad.awaitExit()).isEqualTo(2);
      Thread.sleep(200); // the output pumps finish reading
      assertThat(bad.stderr).hasSize(1);
      assertThat(bad.stderr.get(0)).startsWith("error: ").contains(says).endsWith("; see --help")
          .doesNotContain("Exception").doesNotContain("Usage:");
      assertThat(bad.screen).isEmpty();
    }
  }

  @Test
  void anUnknownHost_andNothingListening_areSaidInWords_onStderr_withExit3() throws Exception {
    try (var unknown = new CliProcess(env(), "--user", "ulla", "--insecure", "--rsa-bits", "2048", "--server",
        "ws://no-such-host.invalid:5535/chat");
         var closed = new CliProcess(env(), "--user", "carl", "--rsa-bits", "2048", "--server", nowhere())) {
      assertThat(unknown.awaitExit()).isEqualTo(3);
      assertThat(closed.awaitExit()).isEqualTo(3);
      Thread.sleep(200);
      assertThat(unknown.stderr).containsExactly("! cannot reach the relay at ws://no-such-host.invalid:5535/chat: no"
          + " host called no-such-host.invalid can be found (check the name in --server)");
      assertThat(closed.stderr).singleElement().asString().contains("nothing answers on port")
          .contains("is the relay running?");
      assertThat(closed.screen).noneMatch(l -> l.contains("lost"));
    }
  }

  @Test
  void theConfigFile_givesDefaults_andTheCommandLineWins() throws Exception {
    Files.createDirectories(home.resolve("e2e-chat"));
    Files.writeString(home.resolve("e2e-chat/config"), "user=carla\nroom=den\nserver=" + nowhere() + "\n");
    try (var fromFile = new CliProcess(env(), "--json", "--rsa-bits", "2048");
         var overridden = new CliProcess(env(), "--json", "--rsa-bits", "2048", "--room", "attic")) {
      var starting = fromFile.awaitEvent("starting");
      assertThat(starting.path("member").asText()).isEqualTo("carla");
      assertThat(starting.path("room").asText()).isEqualTo("den");
      assertThat(overridden.awaitEvent("starting").path("room").asText()).isEqualTo("attic");
      assertThat(fromFile.awaitExit()).isEqualTo(3); // the server from the file: nothing there
    }
  }

  @Test
  void withoutAUser_theLastRandomIdentityIsKept_inADirectoryOnlyTheUserReads_untilANewOneIsAskedFor() throws Exception {
    String server = nowhere();
    String first;
    try (var run = new CliProcess(env(), "--rsa-bits", "2048", "--server", server)) {
      assertThat(run.awaitExit()).isEqualTo(3);
      first = run.screen.get(0).substring(2, run.screen.get(0).indexOf(' ', 2));
      assertThat(run.screen.get(0)).contains("a random name, kept for next time");
      assertThat(run.screen).anyMatch(l -> l.startsWith("* made your identity key in " + home.resolve("e2e-chat")
          .resolve(first)));
    }
    Path dir = home.resolve("e2e-chat").resolve(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    try (var again = new CliProcess(env(), "--json", "--rsa-bits", "2048", "--server", server)) {
      assertThat(again.awaitEvent("starting").path("member").asText()).isEqualTo(first);
      again.awaitExit();
      assertThat(again.events).noneMatch(e -> "identity-created".equals(e.path("event").asText()));
    }
    try (var fresh = new CliProcess(env(), "--json", "--rsa-bits", "2048", "--server", server, "--new-identity")) {
      assertThat(fresh.awaitEvent("starting").path("member").asText()).isNotEqualTo(first);
      fresh.awaitExit();
    }
  }

  @Test
  void aPassphraseFile_sealsANewKey_andWithoutItTheKeyDoesNotOpen() throws Exception {
    Path secret = home.resolve("secret.txt");
    Files.writeString(secret, "correct horse battery staple\n");
    String server = nowhere();
    try (var sealing = new CliProcess(env(), "--user", "pia", "--rsa-bits", "2048", "--server", server,
        "--passphrase-file", secret.toString())) {
      assertThat(sealing.awaitExit()).isEqualTo(3);
    }
    assertThat(Files.readString(home.resolve("e2e-chat/pia/identity.key"))).startsWith("e2e-chat identity v1 pbkdf2");
    try (var without = new CliProcess(env(), "--user", "pia", "--rsa-bits", "2048", "--server", server);
         var with = new CliProcess(env(), "--user", "pia", "--rsa-bits", "2048", "--server", server,
             "--passphrase-file", secret.toString())) {
      assertThat(without.awaitExit()).isEqualTo(1);
      Thread.sleep(200);
      assertThat(String.join("\n", without.stderr)).contains("protected by a passphrase").contains("--passphrase-file");
      assertThat(with.awaitExit()).as("it opens, then finds no relay").isEqualTo(3);
    }
  }
}
