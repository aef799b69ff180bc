package chat.client.session;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Remembers which (author, epoch, counter) triples were accepted, so a frame replayed by the relay
 * is dropped. Each author counts its messages within an epoch; old epochs are forgotten once their
 * key is (the token TTL bounds anything older). Confined to the session thread.
 */
final class ReplayGuard {

  private final Map<String, Set<Long>> seen = new HashMap<>();

  /** True the first time a triple is seen; false for a replay. */
  boolean firstTime(String author, long epoch, long counter) {
    return seen.computeIfAbsent(author + "\n" + epoch, k -> new HashSet<>()).add(counter);
  }

  /** Forgets epochs older than {@code oldestKept}. */
  void forgetBefore(long oldestKept) {
    seen.keySet().removeIf(k -> {
      long epoch = Long.parseLong(k.substring(k.lastIndexOf('\n') + 1));
      return epoch >= 0 && epoch < oldestKept;
    });
  }
}
