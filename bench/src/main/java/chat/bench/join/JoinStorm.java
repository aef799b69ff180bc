package chat.bench.join;

import chat.client.ChatClient;
import chat.client.ChatOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The client's key exchange under load, with the real client library against a real relay:
 * {@code clients} members join one fresh room spread over {@code spread} (a join storm), then
 * {@code lateJoiners} more join the full room one at a time (join-to-key with a large room).
 * Identities and RSA keys are made before the clock starts: key generation is not joining.
 */
public final class JoinStorm {

  public record Result(boolean hosted, int clients, int keyed, double allKeyedMillis, double p50JoinToKeyMillis,
      double maxJoinToKeyMillis, int roomSizeForLateJoins, double[] lateJoinToKeyMillis) {

    public double lateJoinToKeyMedianMillis() {
      double[] sorted = lateJoinToKeyMillis.clone();
      Arrays.sort(sorted);
      return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    public String toJson() {
      StringBuilder late = new StringBuilder();
      for (double d : lateJoinToKeyMillis) {
        late.append(late.length() == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.1f", d));
      }
      return String.format(java.util.Locale.ROOT,
          "{\"target\":\"relay\",\"hosted\":%b,\"clients\":%d,\"keyed\":%d,\"allKeyedMs\":%.1f,\"p50JoinToKeyMs\":%.1f,"
              + "\"maxJoinToKeyMs\":%.1f,\"roomSizeForLateJoins\":%d,\"lateJoinToKeyMs\":[%s],\"lateJoinToKeyMedianMs\":%.1f}",
          hosted, clients, keyed, allKeyedMillis, p50JoinToKeyMillis, maxJoinToKeyMillis, roomSizeForLateJoins, late,
          lateJoinToKeyMedianMillis());
    }
  }

  private final URI server;
  private final String room;

  public JoinStorm(URI server, String room) {
    this.server = server;
    this.room = room;
  }

  /**
   * @param hosted a member creates the room before the storm (a link to an existing room goes
   *     round); otherwise the storm hits an empty room and its members must elect a creator
   */
  public Result run(int clients, Duration spread, int lateJoiners, Duration timeout, boolean hosted) throws Exception {
    List<ChatClient> all = new ArrayList<>();
    ExecutorService joining = Executors.newFixedThreadPool(Math.min(clients, 16));
    try {
      if (hosted) {
        KeyWatch hostWatch = new KeyWatch();
        ChatClient host = new ChatClient(options("host"), hostWatch);
        all.add(host);
        host.connect();
        hostWatch.keyedAtNanos.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      List<ChatClient> storm = new ArrayList<>();
      List<KeyWatch> watches = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        KeyWatch watch = new KeyWatch();
        ChatClient client = new ChatClient(options("storm-" + i), watch);
        storm.add(client);
        watches.add(watch);
        all.add(client);
      }
      long[] startedAt = new long[clients];
      long stormStart = System.nanoTime();
      long gap = clients > 1 ? spread.toNanos() / (clients - 1) : 0;
      List<CompletableFuture<Void>> connects = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        long due = stormStart + i * gap;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int index = i;
        startedAt[i] = System.nanoTime();
        connects.add(CompletableFuture.runAsync(() -> connect(storm.get(index)), joining));
      }
      CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      double[] joinToKey = new double[clients];
      int keyed = 0;
      long lastKeyed = stormStart;
      for (int i = 0; i < clients; i++) {
        try {
          long at = watches.get(i).keyedAtNanos.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          keyed++;
          lastKeyed = Math.max(lastKeyed, at);
          joinToKey[i] = (at - startedAt[i]) / 1e6;
        } catch (Exception notKeyed) {
          joinToKey[i] = Double.POSITIVE_INFINITY;
        }
      }
      double[] sorted = joinToKey.clone();
      Arrays.sort(sorted);

      double[] late = new double[lateJoiners];
      for (int j = 0; j < lateJoiners; j++) {
        KeyWatch watch = new KeyWatch();
        ChatClient client = new ChatClient(options("late-" + j), watch);
        all.add(client);
        long start = System.nanoTime();
        client.connect();
        late[j] = (watch.keyedAtNanos.get(timeout.toMillis(), TimeUnit.MILLISECONDS) - start) / 1e6;
      }
      return new Result(hosted, clients, keyed, (lastKeyed - stormStart) / 1e6, sorted[sorted.length / 2],
          sorted[sorted.length - 1], clients + (hosted ? 1 : 0), late);
    } finally {
      joining.shutdownNow();
      all.forEach(ChatClient::close);
    }
  }

  private ChatOptions options(String member) {
    return ChatOptions.defaults(member).withServer(server).withRoom(room);
  }

  private static void connect(ChatClient client) {
    try {
      client.connect();
    } catch (Exception e) {
      throw new IllegalStateException("connect failed: " + e.getMessage(), e);
    }
  }
}
