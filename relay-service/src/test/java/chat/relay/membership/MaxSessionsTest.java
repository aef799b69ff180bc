package chat.relay.membership;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "relay.max-sessions=2")
class MaxSessionsTest {

  @LocalServerPort
  int port;

  @Test
  void sessionBeyondTheLimit_isRefused_andASlotFreesWhenSomeoneLeaves() {
    try (var first = StompTestClient.connected(port, "first");
         var second = StompTestClient.connected(port, "second")) {
      var third = StompTestClient.connect(port, "third", Map.of());
      StompFrame error = third.next();
      assertThat(error.command()).isEqualTo("ERROR");
      assertThat(error.header("refusal")).isEqualTo("too-many-sessions");
      assertThat(error.header("message")).contains("relay is full");
      assertThat(error.header("content-type")).isEqualTo("text/plain;charset=UTF-8");
      assertThat(third.closeCode()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(4503);
      third.close();

      first.disconnect();
      assertThat(first.closeCode()).succeedsWithin(Duration.ofSeconds(5));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
        try (var fourth = StompTestClient.connect(port, "fourth", Map.of())) {
          assertThat(fourth.next().command()).isEqualTo("CONNECTED");
        }
      });
    }
  }
}
