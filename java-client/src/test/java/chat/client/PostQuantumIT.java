package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three command-line clients in a hybrid room through the real relay; a client forced to RSA is refused, in words. */
class PostQuantumIT {

  @TempDir
  Path configs;

  private String[] args(RelayProcess relay, String user, String... more) {
    return args(relay, user, 2048, more);
  }

  private String[] args(RelayProcess relay, String user, int rsaBits, String... more) {
    List<String> all = new ArrayList<>(List.of("--user", user, "--room", "quantum", "--server", relay.uri().toString(),
        "--json", "--rsa-bits", String.valueOf(rsaBits), "--join-wait", "700", "--key-timeout", "5000", "--config-dir",
        configs.resolve(user).toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void threeClientsInAHybridRoom_chat_andWhoShowsEveryonesKeys_whileAnRsaOnlyClientIsRefusedWithExit4()
      throws Exception {
    try (var relay = new RelayProcess();
         var alice = new CliProcess(args(relay, "alice"));
         var bob = new CliProcess(args(relay, "bob"));
         var carol = new CliProcess(args(relay, "carol", 3072))) { // the default size: the largest deliveries
      alice.awaitEvent("keyed");
      bob.awaitEvent("keyed");
      JsonNode carolKeyed = carol.awaitEvent("keyed");
      long epoch = carolKeyed.path("epoch").asLong();
      alice.awaitEvent("keyed", e -> e.path("epoch").asLong() == epoch);
      bob.awaitEvent("keyed", e -> e.path("epoch").asLong() == epoch);
      alice.type("post-quantum hello");
      bob.awaitEvent("message", e -> "post-quantum hello".equals(e.path("text").asText()));
      carol.awaitEvent("message", e -> "post-quantum hello".equals(e.path("text").asText()));

      carol.type("/who");
      JsonNode who = carol.awaitEvent("who");
      assertThat(who.path("keyProtection").asText()).isEqualTo("hybrid");
      assertThat(who.path("members")).hasSize(2).allSatisfy(m -> assertThat(m.path("keyProtection").asText())
          .isEqualTo("hybrid"));

      try (var dave = new CliProcess(args(relay, "dave", "--key-protection", "rsa"))) {
        assertThat(dave.awaitExit()).isEqualTo(4);
        assertThat(dave.awaitEvent("error").path("reason").asText()).contains("requires hybrid")
            .contains("--key-protection rsa");
      }
      assertThat(alice.awaitEvent("alert", e -> e.path("text").asText().contains("dave")).path("text").asText())
          .contains("no post-quantum key");
    }
  }
}
