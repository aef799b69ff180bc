package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client as a person meets it in a real terminal (a tmux session driven by the test): the time
 * on every line and a colour per name, none of that with NO_COLOR or in a pipe, Ctrl-C to leave.
 */
class TerminalIT {

  private static final Pattern TIME = Pattern.compile("(?m)^\\d\\d:\\d\\d \\* you are in room den");
  /** An SGR sequence that sets a colour (names, warnings) or dims (the client's own notes). */
  private static final Pattern COLOUR = Pattern.compile("\u001b\\[(1;)?(3[0-7]|9[0-7])m|\u001b\\[2m");

  @TempDir
  Path home;

  private String client(String user, RelayProcess relay, String env) {
    return "env XDG_CONFIG_HOME=" + home + " " + env + " java -jar " + CliProcess.JAR.toAbsolutePath() + " --user "
        + user + " --room den --server " + relay.uri() + " --rsa-bits 2048 --join-wait 700";
  }

  private CliProcess bob(RelayProcess relay) throws Exception {
    return new CliProcess(Map.of("XDG_CONFIG_HOME", home.toString()), "--user", "bob", "--room", "den", "--server",
        relay.uri().toString(), "--json", "--rsa-bits", "2048", "--join-wait", "700");
  }

  @Test
  void onATerminal_everyLineHasTheTime_namesHaveTheirColour_andCtrlCOnAnEmptyLineLeavesWithExit0() throws Exception {
    try (var relay = new RelayProcess();
         var alice = new Tmux("alice", client("alice", relay, ""))) {
      alice.awaitScreen(s -> s.contains("you are in room den"), Duration.ofSeconds(30));
      try (var bob = bob(relay)) {
        bob.awaitEvent("keyed");
        alice.awaitScreen(s -> s.contains("bob joined"), Duration.ofSeconds(20));
        bob.type("hello alice");
        String plain = alice.awaitScreen(s -> s.contains("hello alice"), Duration.ofSeconds(20));
        assertThat(TIME.matcher(plain).find()).as("a timestamp in front:\n" + plain).isTrue();
        assertThat(plain).containsPattern("(?m)^\\d\\d:\\d\\d bob: hello alice$");
        String coloured = alice.screen(true);
        assertThat(coloured).as("bob's name in a colour of its own").containsPattern("\u001b\\[1m\u001b\\[9?\\dmbob"
            + "|\u001b\\[1;9?\\dmbob");
        assertThat(plain).as("the prompt is the chat's status").containsPattern("den · epoch \\d+ · 2 members · online > ");

        alice.keys("half typed");
        alice.keys("C-c");
        alice.awaitScreen(s -> s.contains("line cleared; Ctrl-C again"), Duration.ofSeconds(10));
        assertThat(alice.screen(false)).doesNotContain("EXIT=");
        alice.keys("C-c");
        String end = alice.awaitScreen(s -> s.contains("EXIT="), Duration.ofSeconds(20));
        assertThat(end).contains("EXIT=0").doesNotContain("Exception");
      }
    }
  }

  @Test
  void withNoColor_theTimeStays_butNoColourIsWritten() throws Exception {
    try (var relay = new RelayProcess();
         var alice = new Tmux("alice-nc", client("alice", relay, "NO_COLOR=1"))) {
      alice.awaitScreen(s -> s.contains("you are in room den"), Duration.ofSeconds(30));
      try (var bob = bob(relay)) {
        bob.awaitEvent("keyed");
        bob.type("hello alice");
        String plain = alice.awaitScreen(s -> s.contains("hello alice"), Duration.ofSeconds(20));
        assertThat(TIME.matcher(plain).find()).isTrue();
        assertThat(COLOUR.matcher(alice.screen(true)).find()).as("no colour with NO_COLOR").isFalse();
        bob.close(); // the relay says bob left: alice makes the room's next record, and her status follows
        alice.awaitScreen(s -> s.contains("· 1 member · online > "), Duration.ofSeconds(30));
        alice.keys("/quit", "Enter");
        assertThat(alice.awaitScreen(s -> s.contains("EXIT="), Duration.ofSeconds(20))).contains("EXIT=0");
      }
    }
  }

  @Test
  void aPassphraseForAKeyThatHasNone_asksToProtectIt_andAProtectedKeyAsksForItWithoutShowingIt() throws Exception {
    String nowhere;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      nowhere = "ws://127.0.0.1:" + free.getLocalPort() + "/chat";
    }
    String[] args = {"--user", "pia", "--rsa-bits", "2048", "--server", nowhere};
    String command = "java -jar " + CliProcess.JAR.toAbsolutePath() + " " + String.join(" ", args);
    try (var plain = new CliProcess(Map.of("XDG_CONFIG_HOME", home.toString()), args)) {
      assertThat(plain.awaitExit()).isEqualTo(3); // the key is made, unprotected; no relay there
    }
    Path key = home.resolve("e2e-chat/pia/identity.key");
    assertThat(java.nio.file.Files.readString(key)).startsWith("e2e-chat identity v1 plain");
    try (var offer = new Tmux("pia-offer", "env XDG_CONFIG_HOME=" + home + " CHAT_IDENTITY_PASSPHRASE=s3cret " + command)) {
      offer.awaitScreen(s -> s.contains("has no passphrase; protect it with the one given? [y/N]"), Duration.ofSeconds(20));
      offer.keys("y", "Enter");
      String screen = offer.awaitScreen(s -> s.contains("EXIT="), Duration.ofSeconds(20));
      assertThat(screen).contains("your identity key is now protected by that passphrase").contains("EXIT=3");
    }
    assertThat(java.nio.file.Files.readString(key)).startsWith("e2e-chat identity v1 pbkdf2");
    try (var asked = new Tmux("pia-asked", "env XDG_CONFIG_HOME=" + home + " " + command)) {
      asked.awaitScreen(s -> s.contains("passphrase for your identity key"), Duration.ofSeconds(20));
      asked.keys("s3cret", "Enter");
      String screen = asked.awaitScreen(s -> s.contains("EXIT="), Duration.ofSeconds(20));
      assertThat(screen).doesNotContain("s3cret").contains("cannot reach the relay").contains("EXIT=3");
    }
  }

  @Test
  void inAPipe_linesHaveNeitherTimeNorColour() throws Exception {
    try (var relay = new RelayProcess();
         var alice = new CliProcess(Map.of("XDG_CONFIG_HOME", home.toString()), "--user", "alice", "--room", "den",
             "--server", relay.uri().toString(), "--rsa-bits", "2048", "--join-wait", "700")) {
      alice.awaitLine(l -> l.startsWith("* you are in room den"));
      try (var bob = bob(relay)) {
        bob.awaitEvent("keyed");
        bob.type("hello alice");
        alice.awaitLine(l -> l.equals("bob: hello alice"));
        List<String> screen = alice.screen;
        assertThat(screen).noneMatch(l -> l.indexOf('\u001b') >= 0).noneMatch(l -> l.matches("^\\d\\d:\\d\\d .*"));
      }
    }
  }
}
