package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad days of docs/RELIABILITY.md, with the real jars as processes: the relay killed with a
 * signal and started again, a black-holed link, a long paste, an oversized line, and the relay's
 * refusals on screen.
 */
class ReliabilityIT {

  @TempDir
  Path configs;

  String[] args(RelayProcess relay, String user, String... more) {
    return args(relay.uri().toString(), user, more);
  }

  /** (the product's key timeout: three JVMs and a relay starting at once on two cores can take more than 5 s) */
  String[] args(String server, String user, String... more) {
    List<String> all = new ArrayList<>(List.of("--user", user, "--room", "den", "--server", server, "--json",
        "--rsa-bits", "2048", "--join-wait", "700", "--key-timeout", "10000", "--config-dir",
        configs.resolve(user).toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void aRelayKilledMidChat_everyClientComesBackByItself_andWhatWasTypedMeanwhileArrivesOnceInOrder() throws Exception {
    try (var relay = new RelayProcess();
         var alice = new CliProcess(args(relay, "alice"));
         var bob = new CliProcess(args(relay, "bob"));
         var carol = new CliProcess(args(relay, "carol"))) {
      awaitAllKeyedTogether(alice, bob, carol);
      alice.type("before the crash");
      bob.awaitEvent("message", text("before the crash"));
      carol.awaitEvent("message", text("before the crash"));

      relay.kill(); // SIGKILL: no notice, no presence, nothing
      for (CliProcess c : List.of(alice, bob, carol)) {
        c.awaitEvent("reconnecting");
      }
      alice.type("typed while the relay was down, 1");
      alice.type("typed while the relay was down, 2");
      bob.type("bob, also while it was down");
      alice.awaitEvent("queued", e -> e.path("text").asText().endsWith("2"));
      relay.start(); // the same port

      for (CliProcess c : List.of(alice, bob, carol)) {
        c.awaitEvent("reconnected");
      }
      for (CliProcess reader : List.of(bob, carol)) {
        reader.awaitEvent("message", text("typed while the relay was down, 2"));
        assertThat(texts(reader, "alice")).containsExactly("before the crash", "typed while the relay was down, 1",
            "typed while the relay was down, 2");
      }
      alice.awaitEvent("message", text("bob, also while it was down"));
      carol.awaitEvent("message", text("bob, also while it was down"));
      assertThat(texts(carol, "bob")).containsExactly("bob, also while it was down");
      assertThat(alice.process.isAlive() && bob.process.isAlive() && carol.process.isAlive()).isTrue();
    }
  }

  @Test
  void aBlackHoledLink_isNoticedWithinTwoHeartbeats_andTheLineCaughtInItArrivesOnce() throws Exception {
    try (var relay = new RelayProcess("--relay.heartbeat=1s");
         var proxy = new FreezableProxy(relay.port);
         var alice = new CliProcess(args(relay, "alice", "--heartbeat", "1"));
         var bob = new CliProcess(args("ws://127.0.0.1:" + proxy.port() + "/chat", "bob", "--heartbeat", "1"))) {
      awaitAllKeyedTogether(alice, bob);
      proxy.freeze(); // bytes stop both ways; the sockets stay open
      long frozenAt = System.nanoTime();
      bob.type("said into the black hole");
      JsonNode lost = bob.awaitEvent("reconnecting");
      long noticedMillis = (System.nanoTime() - frozenAt) / 1_000_000;
      assertThat(lost.path("reason").asText()).contains("not even a heart-beat");
      assertThat(noticedMillis).as("two heart-beat intervals (1 s each), plus the check's step").isLessThan(3_500);

      bob.awaitEvent("reconnected");
      alice.awaitEvent("message", text("said into the black hole"));
      // pending while it was in the black hole, delivered only on the new connection
      String id = bob.awaitEvent("sent", text("said into the black hole")).path("id").asText();
      bob.awaitEvent("delivered", e -> id.equals(e.path("id").asText()));
      assertThat(indexOf(bob, "delivered", id)).isGreaterThan(indexOf(bob, "reconnected", null));
      bob.type("and after it");
      alice.awaitEvent("message", text("and after it"));
      assertThat(texts(alice, "bob")).containsExactly("said into the black hole", "and after it");
    }
  }

  @Test
  void aLineTheRelayHasNotConfirmed_isMarkedOnAPersonsScreen_andMarkedAgainOnceDelivered() throws Exception {
    // heart-beats every 4 s: the black hole is noticed after 5.5 to 8 s, the line is marked after 3 to 3.5 s
    try (var relay = new RelayProcess("--relay.heartbeat=4s");
         var proxy = new FreezableProxy(relay.port);
         var alice = new CliProcess(args(relay, "alice", "--heartbeat", "4"));
         var bob = new CliProcess(plain(args("ws://127.0.0.1:" + proxy.port() + "/chat", "bob", "--heartbeat", "4")))) {
      alice.awaitEvent("keyed");
      bob.awaitLine(l -> l.startsWith("* you are in room den"));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lastEpoch(alice) >= 2);
      proxy.freeze();
      bob.type("said into the black hole");
      bob.awaitLine(l -> l.equals("* not yet confirmed by the relay: \"said into the black hole\""
          + " (kept; sent again if the link is cut)"));
      assertThat(bob.screen).noneMatch(l -> l.contains("reconnecting"));
      bob.awaitLine(l -> l.contains("reconnecting in"));
      bob.awaitLine(l -> l.equals("* delivered now: \"said into the black hole\""));
      alice.awaitEvent("message", text("said into the black hole"));
      assertThat(texts(alice, "bob")).containsExactly("said into the black hole");
      assertThat(bob.screen).noneMatch(l -> l.startsWith("{") || l.contains("Exception"));
    }
  }

  /** The same arguments without --json: what a person sees. */
  private static String[] plain(String[] args) {
    return java.util.Arrays.stream(args).filter(a -> !a.equals("--json")).toArray(String[]::new);
  }

  @Test
  void aMemberCutOff_catchesUpOnReconnecting_onWhatWasSaidMeanwhile_fromTheRelaysBacklog_once_inOrder() throws Exception {
    List<String> shown = linesBobGetsAfterACut(3);
    assertThat(shown).containsExactly("seen live", "while bob was cut off 1", "while bob was cut off 2",
        "while bob was cut off 3");
  }

  @Test
  void aGapBeyondTheRelaysBacklog_isToldToTheUser_neverHidden() throws Exception {
    List<String> shown = linesBobGetsAfterACut(5, "--relay.backlog.messages=2");
    // the backlog holds the room's last 2 frames (a record may be one of them): the first lines are gone
    assertThat(shown).startsWith("seen live").endsWith("while bob was cut off 5")
        .doesNotContain("while bob was cut off 1", "while bob was cut off 2");
  }

  /**
   * bob is cut off (a black hole) while alice says {@code lines} lines; he reconnects by himself.
   * What he is shown from alice; any line that did not come must have been said (a gap event, and
   * every missing line counted), and none is shown twice.
   */
  private List<String> linesBobGetsAfterACut(int lines, String... relayArgs) throws Exception {
    List<String> all = new ArrayList<>(List.of("--relay.heartbeat=1s"));
    all.addAll(List.of(relayArgs));
    try (var relay = new RelayProcess(all.toArray(String[]::new));
         var proxy = new FreezableProxy(relay.port);
         var alice = new CliProcess(args(relay, "alice", "--heartbeat", "1"));
         var bob = new CliProcess(args("ws://127.0.0.1:" + proxy.port() + "/chat", "bob", "--heartbeat", "1"))) {
      awaitAllKeyedTogether(alice, bob);
      alice.type("seen live");
      bob.awaitEvent("message", text("seen live"));
      proxy.freeze();
      for (int i = 1; i <= lines; i++) {
        alice.type("while bob was cut off " + i); // the relay delivers these into the black hole, and keeps them
      }
      bob.awaitEvent("reconnected");
      bob.awaitEvent("message", text("while bob was cut off " + lines));
      List<String> shown = texts(bob, "alice");
      long missingLines = lines - (shown.size() - 1);
      if (missingLines > 0) {
        bob.awaitEvent("alert", e -> e.path("text").asText().contains("could not give all")
            && e.path("text").asText().contains("some messages may be missing"));
        bob.awaitEvent("missing");
      }
      long reported = bob.events.stream().filter(e -> "missing".equals(e.path("event").asText()))
          .mapToLong(e -> e.path("count").asLong()).sum();
      assertThat(reported).as("every line that did not come is counted").isEqualTo(missingLines);
      assertThat(shown).doesNotHaveDuplicates();
      return shown;
    }
  }

  @Test
  void aPasteOfAThousandLines_arrivesComplete_inOrder_once_underTheRelaysDefaultRateLimit() throws Exception {
    try (var relay = new RelayProcess();
         var alice = new CliProcess(args(relay, "alice"));
         var carol = new CliProcess(args(relay, "carol"))) {
      awaitAllKeyedTogether(alice, carol);
      StringBuilder paste = new StringBuilder();
      for (int i = 1; i <= 1000; i++) {
        paste.append("pasted line ").append(i).append('\n');
      }
      carol.type(paste.substring(0, paste.length() - 1));
      carol.endInput();
      Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> texts(alice, "carol").size() >= 1000);
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= 1000; i++) {
        expected.add("pasted line " + i);
      }
      assertThat(texts(alice, "carol")).containsExactlyElementsOf(expected);
      long delivered = carol.events.stream().filter(e -> "delivered".equals(e.path("event").asText())).count();
      assertThat(delivered).as("every line the relay confirmed, each marked so").isEqualTo(1000);
      assertThat(carol.awaitExit()).isZero();
      assertThat(carol.events).noneMatch(e -> "disconnected".equals(e.path("event").asText()));
    }
  }

  @Test
  void aLineLongerThanAMessageCarries_isRefusedInWords_nothingIsSent_andTheClientGoesOn() throws Exception {
    try (var relay = new RelayProcess();
         var alice = new CliProcess(args(relay, "alice"));
         var bob = new CliProcess(args(relay, "bob"))) {
      awaitAllKeyedTogether(alice, bob);
      alice.type("x".repeat(70_000));
      JsonNode refused = alice.awaitEvent("notice", e -> e.path("text").asText().contains("not sent"));
      assertThat(refused.path("reason").asText()).contains("70000 bytes long").contains("at most 40000");
      alice.type("a short one");
      bob.awaitEvent("message", text("a short one"));
      assertThat(texts(bob, "alice")).containsExactly("a short one");
      assertThat(alice.process.isAlive()).isTrue();
    }
  }

  @Test
  void theRelaysRefusals_reachThePersonInWords_withWhatToDo_andDistinctExitCodes() throws Exception {
    // A relay that keeps its limits to itself: a client that heard them paces itself under them
    // (the test below), so only such a relay can show its frame and rate refusals to a person.
    try (var relay = new RelayProcess("--relay.access-token=sesame", "--relay.max-frame-bytes=4096",
        "--relay.messages-per-second=2", "--relay.message-burst=4", "--relay.announce-limits=false")) {
      try (var noToken = new CliProcess(args(relay, "nadia"))) {
        assertThat(noToken.awaitExit()).isEqualTo(3);
        assertThat(noToken.awaitEvent("error").path("reason").asText())
            .contains("this relay needs an access token").contains("--token or CHAT_RELAY_TOKEN");
      }
      try (var wrongToken = new CliProcess(args(relay, "wanda", "--token", "open-up"))) {
        assertThat(wrongToken.awaitExit()).isEqualTo(3);
        assertThat(wrongToken.awaitEvent("error").path("reason").asText()).contains("refused your access token");
      }
      try (var big = new CliProcess(args(relay, "bella", "--token", "sesame"))) {
        big.awaitEvent("keyed");
        big.type("y".repeat(5_000)); // under what a message carries, over this relay's 4 KiB frames
        JsonNode ended = big.awaitEvent("disconnected");
        assertThat(ended.path("reason").asText()).contains("refused a frame as too large").contains("ask its operator");
        assertThat(big.awaitExit()).isEqualTo(3);
      }
      try (var fast = new CliProcess(args(relay, "fay", "--token", "sesame"))) {
        fast.awaitEvent("keyed");
        for (int i = 0; i < 12; i++) {
          fast.type("quick " + i); // paced at 40 a second: this relay allows 2
        }
        JsonNode ended = fast.awaitEvent("disconnected");
        assertThat(ended.path("reason").asText()).contains("sending too fast").contains("ask its operator");
        assertThat(fast.awaitExit()).isEqualTo(3);
      }
      try (var stays = new CliProcess(args(relay, "stan", "--token", "sesame"))) {
        stays.awaitEvent("keyed");
        relay.stop(); // SIGTERM: the relay tells every session it is shutting down
        assertThat(stays.awaitEvent("reconnecting").path("reason").asText()).contains("shutting down");
        relay.start();
        stays.awaitEvent("reconnected");
        assertThat(stays.process.isAlive()).isTrue();
      }
    }
  }

  @Test
  void aRelayThatAnnouncesLowLimits_isFollowed_aPasteArrivesWhole_andALineOverItsFrameIsRefusedLocally()
      throws Exception {
    try (var relay = new RelayProcess("--relay.messages-per-second=5", "--relay.message-burst=10",
        "--relay.max-frame-bytes=8192");
         var alice = new CliProcess(args(relay, "alice"));
         var carol = new CliProcess(args(relay, "carol"))) {
      awaitAllKeyedTogether(alice, carol);
      carol.type("z".repeat(5_000)); // fits the usual frame, not this relay's 8 KiB once sealed
      JsonNode refused = carol.awaitEvent("notice", e -> e.path("text").asText().contains("not sent"));
      assertThat(refused.path("reason").asText()).contains("5000 bytes long").contains("at most 4608")
          .contains("8 KiB frame");
      List<String> expected = new ArrayList<>();
      for (int i = 1; i <= 60; i++) {
        expected.add("paced line " + i);
      }
      carol.type(String.join("\n", expected)); // 60 lines at 5 a second: twice the relay's burst
      Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> texts(alice, "carol").size() >= 60);
      assertThat(texts(alice, "carol")).containsExactlyElementsOf(expected);
      assertThat(carol.events).noneMatch(e -> "disconnected".equals(e.path("event").asText()));
      assertThat(carol.process.isAlive()).isTrue();
    }
  }

  /** Every client keyed in the same epoch: the last join's record reached them all. */
  private static void awaitAllKeyedTogether(CliProcess... clients) {
    for (CliProcess c : clients) {
      c.awaitEvent("keyed");
    }
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
      long newest = 0;
      for (CliProcess c : clients) {
        newest = Math.max(newest, lastEpoch(c));
      }
      for (CliProcess c : clients) {
        if (lastEpoch(c) != newest) {
          return false;
        }
      }
      return true;
    });
  }

  private static long lastEpoch(CliProcess c) {
    return c.events.stream().filter(e -> "keyed".equals(e.path("event").asText()))
        .mapToLong(e -> e.path("epoch").asLong()).max().orElse(-1);
  }

  private static java.util.function.Predicate<JsonNode> text(String text) {
    return e -> text.equals(e.path("text").asText());
  }

  /** Where an event (with this id, if given) came among everything the client printed. */
  private static int indexOf(CliProcess c, String event, String id) {
    for (int i = 0; i < c.events.size(); i++) {
      JsonNode e = c.events.get(i);
      if (event.equals(e.path("event").asText()) && (id == null || id.equals(e.path("id").asText()))) {
        return i;
      }
    }
    return -1;
  }

  /** The texts shown from one author, in the order shown. */
  private static List<String> texts(CliProcess reader, String author) {
    return reader.events.stream().filter(e -> "message".equals(e.path("event").asText())
        && author.equals(e.path("from").asText())).map(e -> e.path("text").asText()).toList();
  }

  static {
    if (!Files.exists(RelayProcess.JAR)) {
      throw new IllegalStateException("build the relay jar first: " + RelayProcess.JAR.toAbsolutePath());
    }
  }
}
