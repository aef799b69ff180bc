package chat.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.RelayApplication;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A seconds-long run of the load generator against the real relay: it delivers and it measures. */
class LoadGeneratorSmokeTest {

  @Test
  void aShortFanOut_deliversToEverySubscriber_andComputesLatencyPercentiles() throws Exception {
    ConfigurableApplicationContext relay = SpringApplication.run(RelayApplication.class, "--server.port=0",
        "--spring.main.banner-mode=off", "--logging.level.root=WARN", "--relay.messages-per-second=10000",
        "--relay.message-burst=10000");
    try {
      int port = ((WebServerApplicationContext) relay).getWebServer().getPort();
      LoadGenerator.Scenario scenario = new LoadGenerator.Scenario("relay", URI.create("ws://127.0.0.1:" + port + "/chat"),
          "/topic/", "room.smoke-", 2, 3, 1, 256, 100, 16, Duration.ofMillis(500), Duration.ofMillis(1500),
          Duration.ofMillis(500), true, Map.of("member", "bench"));
      LoadResult result = new LoadGenerator().run(scenario);

      assertThat(result.sessionsOpened()).isEqualTo(result.sessionsWanted()).isEqualTo(2 * (3 + 1));
      assertThat(result.sent()).isGreaterThan(200);
      assertThat(result.delivered()).isEqualTo(result.expected());
      assertThat(result.lost()).isZero();
      assertThat(result.deliveriesPerSecond()).isGreaterThan(0);
      assertThat(result.p50Millis()).isPositive();
      assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p90Millis());
      assertThat(result.p90Millis()).isGreaterThanOrEqualTo(result.p50Millis());
      assertThat(result.maxMillis()).isGreaterThanOrEqualTo(result.p99Millis());
    } finally {
      relay.close();
    }
  }

  @Test
  void idleMode_opensAndHoldsSessions() throws Exception {
    ConfigurableApplicationContext relay = SpringApplication.run(RelayApplication.class, "--server.port=0",
        "--spring.main.banner-mode=off", "--logging.level.root=WARN");
    try {
      int port = ((WebServerApplicationContext) relay).getWebServer().getPort();
      LoadGenerator.Scenario scenario = new LoadGenerator.Scenario("relay", URI.create("ws://127.0.0.1:" + port + "/chat"),
          "/topic/", "room.idle-", 5, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, false, Map.of());
      LoadResult result = new LoadGenerator().holdIdle(scenario, 50, Duration.ofMillis(200));
      assertThat(result.sessionsWanted()).isEqualTo(50);
      assertThat(result.sessionsOpened()).isEqualTo(50);
    } finally {
      relay.close();
    }
  }
}
