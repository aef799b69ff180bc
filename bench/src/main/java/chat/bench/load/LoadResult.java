package chat.bench.load;

/**
 * What one run measured. Latency is end to end, from the publisher's clock reading in the body to
 * the subscriber's receipt (both in this process, so no clock skew); loss counts deliveries that
 * had not arrived after the drain period. Reordered counts deliveries that reached a subscriber
 * before one its publisher had sent earlier (measured with one publisher per room; -1 otherwise).
 */
public record LoadResult(String target, long sent, long delivered, long expected, long lost, double sentPerSecond,
    double deliveriesPerSecond, double p50Millis, double p90Millis, double p99Millis, double maxMillis,
    int sessionsOpened, int sessionsWanted, long reordered) {

  String toJson() {
    return String.format(java.util.Locale.ROOT,
        "{\"target\":\"%s\",\"sent\":%d,\"delivered\":%d,\"expected\":%d,\"lost\":%d,\"sentPerSecond\":%.1f,"
            + "\"deliveriesPerSecond\":%.1f,\"p50Ms\":%.3f,\"p90Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f,"
            + "\"sessionsOpened\":%d,\"sessionsWanted\":%d,\"reordered\":%d}",
        target, sent, delivered, expected, lost, sentPerSecond, deliveriesPerSecond, p50Millis, p90Millis, p99Millis,
        maxMillis, sessionsOpened, sessionsWanted, reordered);
  }
}
