package chat.relay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "relay.send-buffer-bytes=4194304",
    "relay.send-time-limit=2s",
    "relay.messages-per-second=100000",
    "relay.message-burst=100000"})
class SlowConsumerTest {

  static final int FRAMES = 1000;
  static final String PAYLOAD = "c".repeat(16 * 1024);

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  @Test
  void subscriberThatStopsReading_isDropped_whileOthersReceiveEverything() {
    try (var publisher = StompTestClient.connected(port, "publisher");
         var reader = StompTestClient.connected(port, "reader");
         var stalled = StompTestClient.connected(port, "stalled")) {
      publisher.subscribeAndSettle("stream");
      reader.subscribeAndSettle("stream");
      stalled.subscribeAndSettle("stream");
      stalled.stopReading();

      for (int i = 0; i < FRAMES; i++) {
        publisher.send("stream", i + ":" + PAYLOAD);
      }

      Set<String> seen = new HashSet<>();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (StompFrame f = reader.poll(Duration.ofMillis(100)); f != null; f = reader.poll(Duration.ZERO)) {
          if (Frames.isChat(f)) {
            seen.add(f.body().substring(0, f.body().indexOf(':')));
          }
        }
        return seen.size() == FRAMES;
      });
      Awaitility.await().atMost(Duration.ofSeconds(30))
          .until(() -> meters.counter("relay.slow.consumers.dropped").count() >= 1);
      assertThat(seen).hasSize(FRAMES);
      assertThat(meters.counter("relay.slow.consumers.dropped").count()).isEqualTo(1);
      assertThat(reader.isClosed()).as("the reader that kept up is still connected").isFalse();
    }
  }
}
