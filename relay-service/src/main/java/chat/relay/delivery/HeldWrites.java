package chat.relay.delivery;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The outboxes a lane thread has queued frames into and not yet written: the lane writes them
 * once it has run every task it had, so a member that gets several frames in that time gets them
 * in one write ({@link FrameBatch}) instead of one write, and one completion hand-off, each.
 * Only lane threads hold writes; everywhere else a queued frame is written at once. Nothing
 * waits on a reader here either: releasing only starts each outbox's non-blocking write.
 */
final class HeldWrites {

  private static final ThreadLocal<HeldWrites> LANE = new ThreadLocal<>();

  /** A set of its own per lane: a lane may queue a frame for a session of another lane, and nothing is shared. */
  private final Set<SessionOutbox> outboxes = Collections.newSetFromMap(new IdentityHashMap<>());

  private HeldWrites() {
  }

  /** Makes this thread hold writes from now on (a lane, as it starts). */
  static HeldWrites onThisThread() {
    HeldWrites held = new HeldWrites();
    LANE.set(held);
    return held;
  }

  /**
   * Holds the outbox's write if this thread is a lane: true when held (the lane writes it at its
   * next {@link #release()}), false when the caller must write now.
   */
  static boolean hold(SessionOutbox outbox) {
    HeldWrites held = LANE.get();
    if (held == null) {
      return false;
    }
    held.outboxes.add(outbox);
    return true;
  }

  /** Starts every held write. */
  void release() {
    if (outboxes.isEmpty()) {
      return;
    }
    SessionOutbox[] held = outboxes.toArray(SessionOutbox[]::new);
    outboxes.clear();
    for (SessionOutbox outbox : held) {
      outbox.pump();
    }
  }
}
