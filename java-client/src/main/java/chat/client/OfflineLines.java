package chat.client;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Lines typed while the link to the relay is down, kept in order (bounded) and sent once it is
 * back: when the members of the room have come back too (the relay says so as each one subscribes
 * again), or after a bounded wait, since a relay without a backlog cannot give a member what was
 * sent before it returned. Runs its sends on the session's executor.
 */
final class OfflineLines {

  private final int limit;
  private final long waitMillis;
  private final ScheduledExecutorService executor;
  private final Consumer<String> say;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final Set<String> awaited = new HashSet<>();
  private ScheduledFuture<?> deadline;

  /**
   * @param waitMillis how long, after reconnecting, to wait for the others before sending anyway
   * @param say seals and sends one line (on the session's executor)
   */
  OfflineLines(int limit, long waitMillis, ScheduledExecutorService executor, Consumer<String> say) {
    this.limit = limit;
    this.waitMillis = waitMillis;
    this.executor = executor;
    this.say = say;
  }

  /** False when {@code limit} lines already wait: nothing is kept. */
  synchronized boolean keep(String line) {
    if (lines.size() >= limit) {
      return false;
    }
    lines.addLast(line);
    return true;
  }

  synchronized int size() {
    return lines.size();
  }

  /** Back after a cut: the lines go once every one of {@code members} is back, or after the wait. */
  synchronized void back(Set<String> members) {
    awaited.clear();
    awaited.addAll(members);
    if (deadline != null) {
      deadline.cancel(false);
    }
    if (awaited.isEmpty()) {
      executor.execute(this::sendAll);
    } else {
      deadline = executor.schedule(this::sendAll, waitMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** The relay says this member subscribed again. */
  synchronized void memberBack(String member) {
    if (awaited.remove(member) && awaited.isEmpty()) {
      if (deadline != null) {
        deadline.cancel(false);
      }
      executor.execute(this::sendAll);
    }
  }

  private void sendAll() {
    while (true) {
      String next;
      synchronized (this) {
        next = lines.pollFirst();
      }
      if (next == null) {
        return;
      }
      say.accept(next);
    }
  }
}
