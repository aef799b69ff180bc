package chat.bench.join;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.RelayApplication;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A small join storm with real clients against the real relay: everyone ends up with the key. */
class JoinStormSmokeTest {

  @Test
  void aSmallStorm_keysEveryClient_andALateJoiner() throws Exception {
    ConfigurableApplicationContext relay = SpringApplication.run(RelayApplication.class, "--server.port=0",
        "--spring.main.banner-mode=off", "--logging.level.root=WARN");
    try {
      int port = ((WebServerApplicationContext) relay).getWebServer().getPort();
      JoinStorm.Result result = new JoinStorm(URI.create("ws://127.0.0.1:" + port + "/chat"), "storm-smoke")
          .run(5, Duration.ofMillis(200), 1, Duration.ofSeconds(20), true);
      assertThat(result.keyed()).isEqualTo(5);
      assertThat(result.maxJoinToKeyMillis()).isPositive().isLessThan(20_000);
      assertThat(result.allKeyedMillis()).isGreaterThanOrEqualTo(result.p50JoinToKeyMillis());
      assertThat(result.lateJoinToKeyMillis()).hasSize(1);
      assertThat(result.lateJoinToKeyMillis()[0]).isPositive();
      assertThat(result.toJson()).contains("\"keyed\":5");
    } finally {
      relay.close();
    }
  }
}
