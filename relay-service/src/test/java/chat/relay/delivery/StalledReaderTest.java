package chat.relay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The probe's case: a member that stops reading in a room at a moderate 45 x 1 KiB per second was
 * never dropped, because the kernel's socket buffers (up to 4 MiB here) swallowed everything and
 * the relay's own limits never saw a slow send. With the send buffer bounded
 * ({@code relay.socket-send-buffer-bytes}) it is dropped within seconds, default limits otherwise,
 * while a member that reads sees no added delay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "relay.send-time-limit=2s", "relay.messages-per-second=1000", "relay.message-burst=1000"})
class StalledReaderTest {

  static final String KIB = "k".repeat(1000);
  static final int PER_SECOND = 45;

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  @Test
  void aReaderThatStopsAtModerateVolume_isDroppedWithinSeconds_andTheOthersAreNotDelayed() throws Exception {
    try (var publisher = StompTestClient.connected(port, "publisher");
         var reader = StompTestClient.connected(port, "reader");
         var stalled = StompTestClient.connected(port, "stalled")) {
      publisher.subscribeAndSettle("steady");
      reader.subscribeAndSettle("steady");
      stalled.subscribeAndSettle("steady");
      double droppedBefore = dropped();
      stalled.stopReading();
      long start = System.nanoTime();
      List<Long> latenciesMicros = Collections.synchronizedList(new ArrayList<>());
      Thread reading = new Thread(() -> {
        for (StompFrame f = reader.poll(Duration.ofSeconds(3)); f != null; f = reader.poll(Duration.ofSeconds(3))) {
          if (Frames.isChat(f)) {
            long sent = Long.parseLong(f.body().substring(0, f.body().indexOf(':')));
            latenciesMicros.add((System.nanoTime() - sent) / 1000);
          }
        }
      });
      reading.start();
      long droppedAfterNanos = -1;
      int sent = 0;
      for (int i = 0; i < PER_SECOND * 40 && droppedAfterNanos < 0; i++) {
        publisher.send("steady", System.nanoTime() + ":" + KIB);
        sent++;
        Thread.sleep(1000 / PER_SECOND);
        if (dropped() > droppedBefore) {
          droppedAfterNanos = System.nanoTime() - start;
        }
      }
      for (int i = 0; i < PER_SECOND * 2; i++) { // and the room goes on after the drop
        publisher.send("steady", System.nanoTime() + ":" + KIB);
        sent++;
        Thread.sleep(1000 / PER_SECOND);
      }
      reading.join();

      assertThat(droppedAfterNanos).as("the stalled reader was dropped").isPositive();
      Duration took = Duration.ofNanos(droppedAfterNanos);
      List<Long> sorted = new ArrayList<>(latenciesMicros);
      Collections.sort(sorted);
      long p99 = sorted.get((int) Math.floor(sorted.size() * 0.99) - 1);
      System.out.printf("stalled reader dropped after %d ms; reader p50 %d us, p99 %d us, max %d us over %d messages%n",
          took.toMillis(), sorted.get(sorted.size() / 2), p99, sorted.get(sorted.size() - 1), sorted.size());
      assertThat(took).as("dropped within seconds, not never").isLessThan(Duration.ofSeconds(20));
      assertThat(sorted).as("the reader got every message").hasSize(sent);
      assertThat(p99).as("the reader's p99 latency in microseconds").isLessThan(250_000);
      // it reads nothing, so it cannot see a close frame; the relay lets it go all the same
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> meters.get("relay.sessions.open").gauge().value() == 2);
    }
  }

  private double dropped() {
    return meters.counter("relay.slow.consumers.dropped").count();
  }
}
