package chat.relay.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Seeded fuzzing of a live relay, in the normal build: at least {@link #FRAMES} borderline and
 * malformed frames (commands, headers, escapes, content-length, NULs, UTF-8 and binary bodies,
 * fragmented WebSocket messages, several frames per message, heart-beats, destinations). Every
 * borderline frame is taken without an ERROR; every malformed one is refused with a reason
 * docs/relay.md allows for it. Meanwhile two bystanders chat and must get every line in order,
 * nothing is logged at ERROR or with an exception, and afterwards sessions, rooms and heap are
 * back to where they were. {@code -Dfuzz.seed=N} replays a run; the seed is printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "relay.max-frame-bytes=8192", "relay.messages-per-second=1000000", "relay.message-burst=1000000"})
@ExtendWith(OutputCaptureExtension.class)
class FrameFuzzTest {

  static final int FRAMES = 100_000;
  static final int WORKERS = 4;
  static final int BORDERLINE_PER_WORKER = 18_000;
  static final Duration BUDGET = Duration.ofSeconds(90);

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  final AtomicLong sent = new AtomicLong();
  final Map<String, AtomicLong> refusedByKind = new ConcurrentHashMap<>();

  @Test
  void aHundredThousandBorderlineAndMalformedFrames_areAnsweredAsDocumented_andHurtNobody(CapturedOutput log)
      throws Exception {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    System.out.println("FrameFuzzTest seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    long heapBefore = usedHeapAfterGc();
    StompTestClient speaker = StompTestClient.connected(port, "speaker");
    StompTestClient listener = StompTestClient.connected(port, "listener");
    speaker.subscribeAndSettle("den");
    listener.subscribeAndSettle("den");
    Awaitility.await().until(() -> gauge("relay.sessions.open") == 2);

    AtomicBoolean fuzzing = new AtomicBoolean(true);
    List<String> heard = new ArrayList<>();
    Thread bystanders = new Thread(() -> {
      for (int i = 0; fuzzing.get(); i++) {
        speaker.send("den", "line " + i);
        StompFrame got = listener.nextMatching(Frames::isChat);
        heard.add(got == null ? "nothing" : got.body());
        sleep(20);
      }
    });
    bystanders.start();

    long deadline = System.nanoTime() + BUDGET.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    List<Future<?>> work = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      Random random = new Random(seed + w);
      work.add(pool.submit(() -> {
        borderlineSession(random, "fuzz" + random.nextInt(1000));
        while (sent.get() < FRAMES && System.nanoTime() < deadline) {
          refusedSession(random, "fuzz" + random.nextInt(1000));
        }
        return null;
      }));
    }
    for (Future<?> f : work) {
      f.get();
    }
    pool.shutdown();
    fuzzing.set(false);
    bystanders.join();

    System.out.println("FrameFuzzTest sent " + sent.get() + " frames; refused by kind: " + refusedByKind);
    assertThat(sent.get()).as("frames sent within the time budget").isGreaterThanOrEqualTo(FRAMES);
    for (int i = 0; i < heard.size(); i++) {
      assertThat(heard.get(i)).as("bystander line " + i).isEqualTo("line " + i);
    }
    assertThat(heard).hasSizeGreaterThan(10);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> gauge("relay.sessions.open") == 2);
    assertThat(gauge("relay.rooms.active")).isEqualTo(1);
    assertThat(usedHeapAfterGc() - heapBefore).as("heap grown by the run, bytes").isLessThan(48L << 20);
    assertThat(log.getOut().lines().filter(line -> line.contains(" ERROR ") || line.contains("Exception")))
        .as("the relay logged no errors or exceptions").isEmpty();
    speaker.close();
    listener.close();
  }

  /** A session that sends only borderline frames, packed and fragmented, and must never be refused. */
  private void borderlineSession(Random random, String room) {
    FuzzFrames frames = new FuzzFrames(random, 8192);
    try (StompTestClient client = StompTestClient.connected(port, "fuzz-" + random.nextInt(100))) {
      client.subscribeAndSettle(room);
      for (int done = 0; done < BORDERLINE_PER_WORKER; ) {
        int batch = 1 + random.nextInt(50);
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < batch; i++) {
          message.append(frames.borderline(room));
        }
        try {
          send(client, random, message.toString());
        } catch (RuntimeException refused) {
          StompFrame error = client.nextMatching(f -> "ERROR".equals(f.command()));
          throw new AssertionError("a borderline session was closed: " + (error == null ? "no ERROR"
              : error.header("message")) + "; last message sent: " + message.toString().replace("\0", "^@"), refused);
        }
        sent.addAndGet(batch);
        done += batch;
      }
      client.sendFrame(new StompFrame("SEND", Map.of("destination", "/topic/room." + room, "receipt", "all-taken"), ""));
      StompFrame answer = client.nextMatching(f -> "ERROR".equals(f.command())
          || ("RECEIPT".equals(f.command()) && "all-taken".equals(f.header("receipt-id"))));
      assertThat(answer).as("an answer to the final receipt").isNotNull();
      assertThat(answer.command()).as("borderline frames taken, not refused: " + answer.header("message")).isEqualTo("RECEIPT");
    }
  }

  /** A session that sends a few borderline frames, then one malformed frame that must be refused as documented. */
  private void refusedSession(Random random, String room) {
    FuzzFrames frames = new FuzzFrames(random, 8192);
    try (StompTestClient client = StompTestClient.connected(port, "fuzz-" + random.nextInt(100))) {
      client.sendFrame(new StompFrame("SUBSCRIBE", Map.of("id", "main", "destination", "/topic/room." + room,
          "receipt", "in"), ""));
      client.awaitReceipt("in");
      StringBuilder before = new StringBuilder();
      int count = random.nextInt(10);
      for (int i = 0; i < count; i++) {
        before.append(frames.borderline(room));
      }
      FuzzFrames.Bad bad = frames.malformed(room);
      if (bad.binary() != null) {
        if (count > 0) {
          send(client, random, before.toString());
        }
        client.sendBinary(bad.binary());
      } else {
        send(client, random, before + bad.text());
      }
      sent.addAndGet(count + 3L); // CONNECT, SUBSCRIBE, the borderline ones and the bad one
      StompFrame error = client.nextMatching(f -> "ERROR".equals(f.command()));
      assertThat(error).as("ERROR for " + bad.kind()).isNotNull();
      assertThat(bad.reasons()).as(bad.kind() + " refused as " + error.header("refusal") + ": "
          + error.header("message")).contains(error.header("refusal"));
      if (random.nextInt(25) == 0) { // the close follows the ERROR after a 50 ms linger: checked on a sample
        assertThat(client.closeCode()).succeedsWithin(Duration.ofSeconds(5));
      }
      refusedByKind.computeIfAbsent(bad.kind(), k -> new AtomicLong()).incrementAndGet();
    }
  }

  /** Whole, or as a fragmented WebSocket message (split anywhere, even inside a UTF-16 pair). */
  private static void send(StompTestClient client, Random random, String message) {
    if (message.length() > 2 && random.nextInt(4) == 0) {
      int cut = 1 + random.nextInt(message.length() - 1);
      if (Character.isHighSurrogate(message.charAt(cut - 1))) {
        cut++;
      }
      if (cut < message.length()) {
        client.sendFragmented(List.of(message.substring(0, cut), message.substring(cut)));
        return;
      }
    }
    client.sendRaw(message);
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
