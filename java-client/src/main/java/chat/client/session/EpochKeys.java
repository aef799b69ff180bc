package chat.client.session;

import chat.client.crypto.RoomKey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The room key of the current epoch, and the keys of the epochs it superseded for a grace window,
 * so that messages in flight across a rekey are still read: every superseded epoch, not only the
 * last, because a member that was cut off and comes back may write under an epoch the room has
 * since left twice (a leave made for it, then its rejoin). Confined to the session thread.
 */
final class EpochKeys {

  /** Superseded epochs kept at most, whatever their grace. */
  static final int SUPERSEDED_LIMIT = 8;

  private record Superseded(RoomKey key, long untilMillis) {}

  private long epoch;
  private RoomKey current;
  private final Map<Long, Superseded> superseded = new LinkedHashMap<>();

  /** Forgets every key: the room this member made a moment ago and gave up in a join race. */
  void reset() {
    epoch = 0;
    current = null;
    superseded.clear();
  }

  boolean held() {
    return current != null;
  }

  long epoch() {
    return epoch;
  }

  RoomKey current() {
    return current;
  }

  void advance(long newEpoch, RoomKey key, long nowMillis, long graceMillis) {
    if (current != null && newEpoch > epoch) {
      superseded.put(epoch, new Superseded(current, nowMillis + graceMillis));
      while (superseded.size() > SUPERSEDED_LIMIT) {
        Iterator<Long> oldest = superseded.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
    }
    epoch = newEpoch;
    current = key;
  }

  Optional<RoomKey> keyFor(long wanted, long nowMillis) {
    if (current != null && wanted == epoch) {
      return Optional.of(current);
    }
    superseded.values().removeIf(s -> nowMillis > s.untilMillis());
    Superseded old = superseded.get(wanted);
    return old == null ? Optional.empty() : Optional.of(old.key());
  }
}
