package chat.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a STOMP-over-WebSocket fan-out: R rooms, each with N subscribers and M publishers
 * sending fixed-size bodies at a fixed rate or as fast as a bounded in-flight window allows.
 * The body carries the send time, so subscribers measure end-to-end latency.
 */
public final class LoadGenerator {

  /**
   * @param ratePerPublisher messages per second per publisher; 0: as fast as the window allows
   * @param window at most this many messages per publisher sent but not yet delivered to every subscriber of
   *     the room (the slowest sets the pace, so no target is pushed into dropping a subscriber)
   * @param publishersSubscribe publishers also subscribe (our relay only accepts SENDs from members)
   */
  public record Scenario(String target, URI uri, String destinationPrefix, String roomPrefix, int rooms,
      int subscribersPerRoom, int publishersPerRoom, int payloadBytes, double ratePerPublisher, int window,
      Duration warmup, Duration duration, Duration drain, boolean publishersSubscribe, Map<String, String> connectHeaders) {}

  private static final int MAX_LATENCY_SAMPLES = 2_000_000;

  private final HttpClient http = HttpClient.newBuilder()
      .executor(Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()))).build();

  public LoadResult run(Scenario s) throws Exception {
    List<StompSocket> sockets = new ArrayList<>();
    AtomicLong delivered = new AtomicLong();
    AtomicLongArray seenBySubscriber = new AtomicLongArray(s.rooms() * Math.max(1, s.subscribersPerRoom()));
    long[] latencies = new long[MAX_LATENCY_SAMPLES];
    AtomicLong latencyCount = new AtomicLong();
    // one publisher per room: its send times must reach every subscriber in increasing order
    long[] lastSentAt = new long[seenBySubscriber.length()];
    java.util.Arrays.fill(lastSentAt, Long.MIN_VALUE);
    AtomicLong reordered = new AtomicLong();
    long[] measureFrom = {Long.MAX_VALUE};
    try {
      List<CompletableFuture<StompSocket>> opening = new ArrayList<>();
      for (int r = 0; r < s.rooms(); r++) {
        int room = r;
        for (int i = 0; i < s.subscribersPerRoom(); i++) {
          int slot = room * s.subscribersPerRoom() + i;
          opening.add(StompSocket.open(http, s.uri(), s.connectHeaders(), body -> {
            long sentAt = parseSentAt(body);
            long now = System.nanoTime();
            if (sentAt < lastSentAt[slot]) { // one socket's messages arrive on one thread at a time
              reordered.incrementAndGet();
            }
            lastSentAt[slot] = Math.max(lastSentAt[slot], sentAt);
            seenBySubscriber.incrementAndGet(slot);
            if (sentAt >= measureFrom[0]) {
              delivered.incrementAndGet();
              long n = latencyCount.getAndIncrement();
              if (n < MAX_LATENCY_SAMPLES) {
                latencies[(int) n] = now - sentAt;
              }
            }
          }).thenApply(socket -> {
            socket.subscribe("s" + room, destination(s, room));
            return socket;
          }));
        }
      }
      for (CompletableFuture<StompSocket> f : opening) {
        sockets.add(f.get(60, TimeUnit.SECONDS));
      }
      List<StompSocket> publishers = new ArrayList<>();
      for (int r = 0; r < s.rooms(); r++) {
        for (int p = 0; p < s.publishersPerRoom(); p++) {
          StompSocket publisher = StompSocket.open(http, s.uri(), s.connectHeaders(), body -> { }).get(60, TimeUnit.SECONDS);
          if (s.publishersSubscribe()) {
            publisher.subscribe("p" + r, destination(s, r));
          }
          publishers.add(publisher);
          sockets.add(publisher);
        }
      }
      Thread.sleep(500); // let the subscriptions settle on brokers that answer no receipts

      long start = System.nanoTime();
      long warmEnd = start + s.warmup().toNanos();
      long end = warmEnd + s.duration().toNanos();
      measureFrom[0] = warmEnd;
      AtomicLong sentMeasured = new AtomicLong();
      String padding = "x".repeat(Math.max(0, s.payloadBytes() - 40));
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < publishers.size(); i++) {
        int room = i / s.publishersPerRoom();
        StompSocket publisher = publishers.get(i);
        AtomicLong sentByMe = new AtomicLong();
        Thread t = new Thread(() -> {
          long interval = s.ratePerPublisher() > 0 ? (long) (1e9 / s.ratePerPublisher()) : 0;
          long next = System.nanoTime();
          while (System.nanoTime() < end) {
            if (interval > 0) {
              long wait = next - System.nanoTime();
              if (wait > 0) {
                LockSupport.parkNanos(wait);
              }
              next += interval;
            } else {
              long outstanding = sentByMe.get()
                  - slowestSubscriber(seenBySubscriber, room, s.subscribersPerRoom()) / Math.max(1, s.publishersPerRoom());
              if (outstanding >= s.window()) {
                LockSupport.parkNanos(20_000);
                continue;
              }
            }
            long now = System.nanoTime();
            publisher.send(destination(s, room), "t=" + now + ";" + padding);
            sentByMe.incrementAndGet();
            if (now >= warmEnd) {
              sentMeasured.incrementAndGet();
            }
          }
        }, "publisher-" + i);
        t.setDaemon(true);
        t.start();
        threads.add(t);
      }
      for (Thread t : threads) {
        t.join();
      }
      long measuredNanos = end - warmEnd;
      long deliveredInWindow = delivered.get();
      Thread.sleep(s.drain().toMillis());
      long expected = sentMeasured.get() * s.subscribersPerRoom();
      long finalDelivered = delivered.get();
      int samples = (int) Math.min(latencyCount.get(), MAX_LATENCY_SAMPLES);
      long[] sorted = Arrays.copyOf(latencies, samples);
      Arrays.sort(sorted);
      return new LoadResult(s.target(), sentMeasured.get(), finalDelivered, expected, Math.max(0, expected - finalDelivered),
          sentMeasured.get() * 1e9 / measuredNanos, deliveredInWindow * 1e9 / measuredNanos,
          percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
          samples == 0 ? 0 : sorted[samples - 1] / 1e6, sockets.size(), s.rooms() * (s.subscribersPerRoom() + s.publishersPerRoom()),
          s.publishersPerRoom() == 1 ? reordered.get() : -1);
    } finally {
      sockets.forEach(StompSocket::close);
    }
  }

  /** Opens and holds idle sessions (CONNECT and one SUBSCRIBE each); reports how many succeeded. */
  public LoadResult holdIdle(Scenario s, int sessions, Duration hold) throws Exception {
    List<StompSocket> open = new ArrayList<>();
    try {
      List<CompletableFuture<StompSocket>> opening = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        int room = i % Math.max(1, s.rooms());
        opening.add(StompSocket.open(http, s.uri(), s.connectHeaders(), b -> { }).thenApply(socket -> {
          socket.subscribe("idle", destination(s, room));
          return socket;
        }));
        if (opening.size() >= 200) {
          collect(opening, open);
        }
      }
      collect(opening, open);
      // the run script measures the server's memory once it sees this line
      System.err.printf("holding %d of %d sessions for %s%n", open.size(), sessions, hold);
      Thread.sleep(hold.toMillis());
      return new LoadResult(s.target(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, open.size(), sessions, 0);
    } finally {
      open.forEach(StompSocket::close);
    }
  }

  /** Waits for a batch of sessions; the ones that failed are simply not in {@code open}. */
  private static void collect(List<CompletableFuture<StompSocket>> opening, List<StompSocket> open) {
    for (CompletableFuture<StompSocket> f : opening) {
      try {
        open.add(f.get(60, TimeUnit.SECONDS));
      } catch (Exception e) {
        // counted as sessionsWanted - sessionsOpened
      }
    }
    opening.clear();
  }

  /** Messages the room's slowest subscriber has received (all of the room's publishers together). */
  static long slowestSubscriber(AtomicLongArray seen, int room, int subscribersPerRoom) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < subscribersPerRoom; i++) {
      min = Math.min(min, seen.get(room * subscribersPerRoom + i));
    }
    return subscribersPerRoom == 0 ? 0 : min;
  }

  static String destination(Scenario s, int room) {
    return s.destinationPrefix() + s.roomPrefix() + room;
  }

  /** The send time from a body {@code t=<nanos>;...}, read in place (no substring per delivery). */
  static long parseSentAt(CharSequence body) {
    if (body.length() < 3 || body.charAt(0) != 't' || body.charAt(1) != '=') {
      return Long.MIN_VALUE;
    }
    long value = 0;
    boolean negative = body.charAt(2) == '-';
    for (int i = negative ? 3 : 2; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == ';') {
        return negative ? -value : value;
      }
      if (c < '0' || c > '9') {
        return Long.MIN_VALUE;
      }
      value = value * 10 + (c - '0');
    }
    return Long.MIN_VALUE;
  }

  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
