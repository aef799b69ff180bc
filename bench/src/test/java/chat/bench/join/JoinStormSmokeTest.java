package chat.bench.join;

import static org.assertj.core.api.Assertions.assertThat;

import chat.bench.BenchRelay;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A small join storm with real clients against the real relay: everyone ends up with the key. */
class JoinStormSmokeTest {

  @Test
  void aSmallStorm_keysEveryClient_andALateJoiner() throws Exception {
    try (BenchRelay relay = BenchRelay.start()) {
      JoinStorm.Result result = new JoinStorm(relay.endpoint(), "storm-smoke")
          .run(5, Duration.ofMillis(200), 1, Duration.ofSeconds(20), true);
      assertThat(result.keyed()).isEqualTo(5);
      assertThat(result.maxJoinToKeyMillis()).isPositive().isLessThan(20_000);
      assertThat(result.allKeyedMillis()).isGreaterThanOrEqualTo(result.p50JoinToKeyMillis());
      assertThat(result.lateJoinToKeyMillis()).hasSize(1);
      assertThat(result.lateJoinToKeyMillis()[0]).isPositive();
      assertThat(result.toJson()).contains("\"keyed\":5");
    }
  }
}
