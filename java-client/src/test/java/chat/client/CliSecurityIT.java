package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The honest path of the trust features, through the packaged command line in --json mode
 * against the real relay: invitations, verification, private messages, removal, approval.
 */
class CliSecurityIT {

  static RelayHarness relay;

  @TempDir
  static Path configs;

  @BeforeAll
  static void startRelay() {
    relay = new RelayHarness();
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  String[] args(String user, String... more) {
    List<String> all = new ArrayList<>(List.of("--user", user, "--server", relay.uri().toString(), "--json",
        "--rsa-bits", "2048", "--join-wait", "700", "--config-dir", configs.resolve(user).toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void inviteVerifyPrivateMessageAndKick_throughTheCommandLine() throws Exception {
    try (var alice = new CliProcess(args("alice", "--room", "club", "--policy", "invite"))) {
      assertThat(alice.awaitEvent("keyed").path("policy").asText()).isEqualTo("invite");
      alice.type("/invite");
      String bobCode = alice.awaitEvent("invitation").path("code").asText();
      alice.type("/invite");
      String carolCode = alice.awaitEvent("invitation", e -> !e.path("code").asText().equals(bobCode)).path("code").asText();

      try (var bob = new CliProcess(args("bob", "--invite", bobCode));
           var carol = new CliProcess(args("carol", "--invite", carolCode))) {
        JsonNode bobKeyed = bob.awaitEvent("keyed");
        assertThat(bobKeyed.path("from").asText()).isEqualTo("alice");
        carol.awaitEvent("keyed");

        bob.type("/fingerprint");
        String bobFingerprint = bob.awaitEvent("fingerprint").path("fingerprint").asText();
        alice.type("/verify bob " + bobFingerprint);
        assertThat(alice.awaitEvent("verify").path("verified").asBoolean()).isTrue();
        alice.type("/verify carol 0000 0000 0000 0000 0000 0000 0000 0000");
        assertThat(alice.awaitEvent("verify", e -> "carol".equals(e.path("member").asText())).path("verified").asBoolean())
            .isFalse();

        bob.type("hello club");
        JsonNode atAlice = alice.awaitEvent("message");
        assertThat(atAlice.path("from").asText()).isEqualTo("bob");
        assertThat(atAlice.path("verified").asBoolean()).isTrue();
        carol.awaitEvent("message", e -> "hello club".equals(e.path("text").asText()));

        alice.type("/msg bob only for you");
        JsonNode direct = bob.awaitEvent("direct");
        assertThat(direct.path("from").asText()).isEqualTo("alice");
        assertThat(direct.path("text").asText()).isEqualTo("only for you");

        long carolsEpoch = carol.events.stream().filter(e -> "keyed".equals(e.path("event").asText()))
            .mapToLong(e -> e.path("epoch").asLong()).max().orElseThrow();
        alice.type("/kick carol");
        assertThat(alice.awaitEvent("kick").path("ok").asBoolean()).isTrue();
        carol.awaitEvent("alert", e -> e.path("text").asText().contains("you were removed"));
        bob.awaitEvent("keyed", e -> e.path("epoch").asLong() > carolsEpoch); // a new record without carol
        alice.type("after carol left");
        bob.awaitEvent("message", e -> "after carol left".equals(e.path("text").asText()));
        Thread.sleep(1500);
        assertThat(carol.events).noneMatch(e -> "only for you".equals(e.path("text").asText())
            || "after carol left".equals(e.path("text").asText()));

        alice.type("/quit");
        assertThat(alice.awaitExit()).isZero();
      }
    }
  }

  @Test
  void approveRoom_aMemberAcceptsTheNewcomer() throws Exception {
    try (var dave = new CliProcess(args("dave", "--room", "porch", "--policy", "approve"))) {
      dave.awaitEvent("keyed");
      try (var erin = new CliProcess(args("erin", "--room", "porch"))) {
        JsonNode request = dave.awaitEvent("join-request");
        assertThat(request.path("member").asText()).isEqualTo("erin");
        assertThat(request.path("fingerprint").asText()).matches("[0-9a-f]{4}( [0-9a-f]{4}){7}");
        JsonNode waiting = erin.awaitEvent("waiting");
        assertThat(waiting.path("from").asText()).isEqualTo("dave");
        assertThat(waiting.path("waitSeconds").asLong()).isEqualTo(300); // minutes for a person, by default
        assertThat(erin.events).noneMatch(e -> "keyed".equals(e.path("event").asText()));
        dave.type("/accept erin");
        assertThat(dave.awaitEvent("accept").path("ok").asBoolean()).isTrue();
        assertThat(erin.awaitEvent("keyed").path("policy").asText()).isEqualTo("approve");
        erin.type("thanks dave");
        dave.awaitEvent("message", e -> "thanks dave".equals(e.path("text").asText()));
      }
      try (var fred = new CliProcess(args("fred", "--room", "porch"))) {
        dave.awaitEvent("join-request", e -> "fred".equals(e.path("member").asText()));
        fred.awaitEvent("waiting");
        dave.type("/refuse fred");
        assertThat(dave.awaitEvent("refuse").path("ok").asBoolean()).isTrue();
        JsonNode refused = fred.awaitEvent("error");
        assertThat(refused.path("reason").asText()).isEqualTo("dave refused your request to join room porch");
        assertThat(refused.path("exit").asInt()).isEqualTo(4);
      }
    }
  }
}
