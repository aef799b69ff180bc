package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two relay replicas behind the real RabbitMQ (its STOMP plugin), as processes: one is killed
 * (SIGKILL), and a client given both URLs moves to the other by itself and catches up there.
 */
class ReplicaFailoverIT {

  @TempDir
  Path configs;

  @Test
  void aReplicaKilled_itsClientsMoveToTheOther_andCatchUpOnWhatWasSaidThere() throws Exception {
    chat.relay.support.RabbitMq.assumeStompListener();
    String room = "failover-" + Long.toHexString(System.nanoTime());
    try (var first = new RelayProcess("--relay.broker.mode=rabbitmq");
         var second = new RelayProcess("--relay.broker.mode=rabbitmq");
         var alice = new CliProcess(args("alice", room, first, second));
         var bob = new CliProcess(args("bob", room, second, first))) {
      alice.awaitEvent("keyed");
      JsonNode bobKeyed = bob.awaitEvent("keyed");
      alice.awaitEvent("keyed", e -> e.path("epoch").asLong() == bobKeyed.path("epoch").asLong());
      alice.type("through the first replica");
      bob.awaitEvent("message", e -> "through the first replica".equals(e.path("text").asText()));

      first.kill();
      alice.awaitEvent("reconnecting");
      bob.type("said while alice was moving");
      JsonNode back = alice.awaitEvent("reconnected");
      assertThat(back.path("server").asText()).isEqualTo(second.uri().toString());
      alice.awaitEvent("message", e -> "said while alice was moving".equals(e.path("text").asText()));
      alice.type("through the second replica");
      bob.awaitEvent("message", e -> "through the second replica".equals(e.path("text").asText()));
      assertThat(bob.events.stream().filter(e -> "message".equals(e.path("event").asText()))
          .map(e -> e.path("text").asText()).toList())
          .containsExactly("through the first replica", "through the second replica");
    }
  }

  @Test
  void aMemberMovingReplica_isGivenThereWhatAThirdReplicasMemberSaidMeanwhile_withoutAGap() throws Exception {
    chat.relay.support.RabbitMq.assumeStompListener();
    String room = "failover3-" + Long.toHexString(System.nanoTime());
    try (var first = new RelayProcess("--relay.broker.mode=rabbitmq");
         var second = new RelayProcess("--relay.broker.mode=rabbitmq");
         var third = new RelayProcess("--relay.broker.mode=rabbitmq");
         var alice = new CliProcess(args("alice", room, first, second));
         var bob = new CliProcess(args("bob", room, second, first))) {
      alice.awaitEvent("keyed");
      bob.awaitEvent("keyed");
      try (var carol = new CliProcess(args("carol", room, third, second))) {
        JsonNode carolKeyed = carol.awaitEvent("keyed");
        long epoch = carolKeyed.path("epoch").asLong();
        alice.awaitEvent("keyed", e -> e.path("epoch").asLong() == epoch);
        bob.awaitEvent("keyed", e -> e.path("epoch").asLong() == epoch);
        carol.type("before the cut");
        alice.awaitEvent("message", e -> "before the cut".equals(e.path("text").asText()));

        first.kill();
        alice.awaitEvent("reconnecting");
        carol.type("said on the third replica while alice was moving"); // reaches the second only through RabbitMQ
        bob.awaitEvent("message", e -> e.path("text").asText().startsWith("said on the third"));
        JsonNode back = alice.awaitEvent("reconnected");
        assertThat(back.path("server").asText()).isEqualTo(second.uri().toString());
        alice.awaitEvent("message", e -> e.path("text").asText().startsWith("said on the third"));
        assertThat(alice.events.stream().filter(e -> "message".equals(e.path("event").asText()))
            .map(e -> e.path("text").asText()).toList())
            .containsExactly("before the cut", "said on the third replica while alice was moving");
        assertThat(alice.events).as("the second replica held it all: nothing to report missing")
            .noneMatch(e -> "alert".equals(e.path("event").asText()));
      }
    }
  }

  private String[] args(String user, String room, RelayProcess primary, RelayProcess replica) {
    return new ArrayList<>(List.of("--user", user, "--room", room, "--server", primary.uri().toString(), "--server",
        replica.uri().toString(), "--json", "--rsa-bits", "2048", "--join-wait", "1500", "--key-timeout", "5000",
        "--config-dir", configs.resolve(user).toString())).toArray(String[]::new);
  }
}
