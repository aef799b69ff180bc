package chat.client.session;

import chat.client.crypto.RoomKey;
import java.util.Optional;

/**
 * The room key of the current epoch, and the previous one for a grace window so that messages
 * in flight across a rekey are still read. Confined to the session thread.
 */
final class EpochKeys {

  private long epoch;
  private RoomKey current;
  private long previousEpoch = -1;
  private RoomKey previous;
  private long previousUntilMillis;

  /** Forgets every key: the room this member made a moment ago and gave up in a join race. */
  void reset() {
    epoch = 0;
    current = null;
    previousEpoch = -1;
    previous = null;
    previousUntilMillis = 0;
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
      previousEpoch = epoch;
      previous = current;
      previousUntilMillis = nowMillis + graceMillis;
    }
    epoch = newEpoch;
    current = key;
  }

  Optional<RoomKey> keyFor(long wanted, long nowMillis) {
    if (current != null && wanted == epoch) {
      return Optional.of(current);
    }
    if (previous != null && wanted == previousEpoch && nowMillis <= previousUntilMillis) {
      return Optional.of(previous);
    }
    return Optional.empty();
  }
}
