package chat.bench.load;

/**
 * What one run measured. Latency is end to end, from the publisher's clock reading in the body to
 * the subscriber's receipt (both in this process, so no clock skew); loss counts deliveries that
 * had not arrived after the drain period.
 */
public record LoadResult(String target, long sent, long delivered, long expected, long lost, double sentPerSecond,
    double deliveriesPerSecond, double p50Millis, double p90Millis, double p99Millis, double maxMillis,
    int sessionsOpened, int sessionsWanted) {

  String toJson() {
    return String.format(java.util.Locale.ROOT,
        "{\"target\":\"%s\",\"sent\":%d,\"delivered\":%d,\"expected\":%d,\"lost\":%d,\"sentPerSecond\":%.1f,"
            + "\"deliveriesPerSecond\":%.1f,\"p50Ms\":%.3f,\"p90Ms\":%.3f,\"p99Ms\":%.3f,\"maxMs\":%.3f,"
            + "\"sessionsOpened\":%d,\"sessionsWanted\":%d}",
        target, sent, delivered, expected, lost, sentPerSecond, deliveriesPerSecond, p50Millis, p90Millis, p99Millis,
        maxMillis, sessionsOpened, sessionsWanted);
  }
}
