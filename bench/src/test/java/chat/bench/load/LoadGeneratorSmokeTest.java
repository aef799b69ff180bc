package chat.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import chat.bench.BenchRelay;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A seconds-long run of the load generator against the real relay: it delivers and it measures. */
class LoadGeneratorSmokeTest {

  @Test
  void aShortFanOut_deliversToEverySubscriber_andComputesLatencyPercentiles() throws Exception {
    try (BenchRelay relay = BenchRelay.start("--relay.messages-per-second=10000", "--relay.message-burst=10000")) {
      LoadGenerator.Scenario scenario = new LoadGenerator.Scenario("relay", relay.endpoint(),
          "/topic/", "room.smoke-", 2, 3, 1, 256, 100, 16, Duration.ofMillis(500), Duration.ofMillis(1500),
          Duration.ofMillis(500), true, Map.of("member", "bench"));
      LoadResult result = new LoadGenerator().run(scenario);

      assertThat(result.sessionsOpened()).isEqualTo(result.sessionsWanted()).isEqualTo(2 * (3 + 1));
      assertThat(result.sent()).isGreaterThan(200);
      assertThat(result.delivered()).isEqualTo(result.expected());
      assertThat(result.lost()).isZero();
      assertThat(result.reordered()).as("one publisher per room, so order is counted").isZero();
      assertThat(result.deliveriesPerSecond()).isGreaterThan(0);
      assertThat(result.p50Millis()).isPositive();
      assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p90Millis());
      assertThat(result.p90Millis()).isGreaterThanOrEqualTo(result.p50Millis());
      assertThat(result.maxMillis()).isGreaterThanOrEqualTo(result.p99Millis());
    }
  }

  @Test
  void idleMode_opensAndHoldsSessions() throws Exception {
    try (BenchRelay relay = BenchRelay.start()) {
      LoadGenerator.Scenario scenario = new LoadGenerator.Scenario("relay", relay.endpoint(),
          "/topic/", "room.idle-", 5, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, false, Map.of());
      LoadResult result = new LoadGenerator().holdIdle(scenario, 50, Duration.ofMillis(200));
      assertThat(result.sessionsWanted()).isEqualTo(50);
      assertThat(result.sessionsOpened()).isEqualTo(50);
    }
  }
}
