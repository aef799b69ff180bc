package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged command line, run as a subprocess in --json mode against the real relay. */
class CliIT {

  static RelayHarness relay;

  @org.junit.jupiter.api.io.TempDir
  static java.nio.file.Path configs;

  @BeforeAll
  static void startRelay() {
    relay = new RelayHarness();
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  String[] args(String user, String room, String... more) {
    List<String> all = new java.util.ArrayList<>(List.of("--user", user, "--room", room, "--server",
        relay.uri().toString(), "--json", "--rsa-bits", "2048", "--join-wait", "700",
        "--config-dir", configs.resolve(user).toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void twoCommandLineClients_chat_whoAndQuit() throws Exception {
    try (var alice = new CliProcess(args("alice", "cli"));
         var bob = new CliProcess(args("bob", "cli"))) {
      JsonNode aliceKeyed = alice.awaitEvent("keyed");
      assertThat(aliceKeyed.path("created").asBoolean() || bob.awaitEvent("keyed").path("created").asBoolean()).isTrue();
      JsonNode bobKeyed = bob.awaitEvent("keyed");
      // every join makes a new record and key: alice moves to the one bob was let in with
      JsonNode aliceNow = alice.awaitEvent("keyed", e -> e.path("epoch").asLong() == bobKeyed.path("epoch").asLong());
      assertThat(bobKeyed.path("keyId").asText()).isEqualTo(aliceNow.path("keyId").asText());

      alice.type("hello bob, ünïcødé ✓");
      JsonNode got = bob.awaitEvent("message");
      assertThat(got.path("from").asText()).isEqualTo("alice");
      assertThat(got.path("text").asText()).isEqualTo("hello bob, ünïcødé ✓");

      bob.type("/who");
      JsonNode who = bob.awaitEvent("who");
      assertThat(who.path("me").asText()).isEqualTo("bob");
      assertThat(who.path("members").toString()).contains("alice").doesNotContain("bob");

      alice.type("/quit");
      assertThat(alice.awaitExit()).isZero();
      assertThat(alice.events).noneMatch(e -> "message".equals(e.path("event").asText())); // no echo
      bob.awaitEvent("left", e -> "alice".equals(e.path("member").asText()));
      bob.endInput();
      assertThat(bob.awaitExit()).isZero();
      bob.awaitEvent("bye");
    }
  }

  @Test
  void pipedInput_isSentThenTheCommandExits() throws Exception {
    RecordingEvents listener = new RecordingEvents();
    ChatClient reader = new ChatClient(ChatRoomFixture.options(relay, "reader", "pipe"), listener);
    try (reader; var piped = new CliProcess(args("piper", "pipe"))) {
      reader.connect();
      listener.keyId.get(15, TimeUnit.SECONDS);
      piped.type("hi from a pipe");
      piped.endInput();
      assertThat(piped.awaitExit()).isZero();
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> listener.messages.contains("piper: hi from a pipe"));
    }
  }

  @Test
  void anUnusableWrappedKey_disconnectsWithAClearReasonAndExitCode4() throws Exception {
    try (var mallory = StompTestClient.connected(relay.port, "mallory");
         var victim = new CliProcess(args("victim", "trap", "--key-timeout", "20000"))) {
      mallory.subscribeAndSettle("trap");
      StompFrame announce = mallory.nextMatching(f -> "MESSAGE".equals(f.command())
          && f.body().contains("\"type\":\"announce\""));
      assertThat(announce).isNotNull();
      // mallory is a member with a real identity and a validly signed record, whose wrapped key is garbage
      Forger.Forged forged = new Forger("mallory").roomFor("trap", "open", announce.body(), true);
      mallory.send("trap", forged.record());
      mallory.send("trap", forged.delivery());

      assertThat(victim.awaitExit()).isEqualTo(4);
      JsonNode error = victim.awaitEvent("error");
      assertThat(error.path("reason").asText()).contains("could not be unwrapped").contains("mallory");
      assertThat(error.path("exit").asInt()).isEqualTo(4);
    }
  }

  @Test
  void unreachableRelay_exitsWith3AndSaysWhy() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    try (var lost = new CliProcess("--user", "lost", "--server", "ws://127.0.0.1:" + port + "/chat", "--json",
        "--rsa-bits", "2048", "--config-dir", configs.resolve("lost").toString())) {
      assertThat(lost.awaitExit()).isEqualTo(3);
      assertThat(lost.awaitEvent("error").path("reason").asText()).contains("cannot reach the relay");
    }
  }

  @Test
  void invalidOptions_exitWith2() throws Exception {
    try (var bad = new CliProcess("--user", "no spaces allowed", "--json")) {
      assertThat(bad.awaitExit()).isEqualTo(2);
      assertThat(String.join("\n", bad.stderr)).contains("--user must be");
    }
  }
}
