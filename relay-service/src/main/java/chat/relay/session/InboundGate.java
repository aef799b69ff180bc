package chat.relay.session;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which session the current thread is reading a frame of, and which sessions have been refused.
 *
 * <p>Why the reading session: Spring reports a frame it could not decode (oversized, not STOMP)
 * without any message, so without this the refusal could not name its session, and its ERROR
 * would have to be sent from the reading thread, where it races the session's outbound lane and
 * can be lost to the close that follows it. Inbound frames are handled on the reading thread
 * (see StompConfig), so a thread-local is exact here.
 *
 * <p>Why the refused set: after an ERROR the session is closing (STOMP 1.2), but the close
 * happens on the session's lane, a moment later. Whatever the client sent after the refused frame,
 * including the remaining parts of an oversized one, is dropped unread in the meantime rather
 * than forwarded or refused again.
 */
public final class InboundGate {

  private final ThreadLocal<String> reading = new ThreadLocal<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();

  /** Marks the start of handling one inbound WebSocket message; pair with {@link #doneReading()}. */
  public void reading(String sessionId) {
    reading.set(sessionId);
  }

  public void doneReading() {
    reading.remove();
  }

  /** The session whose frame this thread is handling, if any. */
  public Optional<String> sessionBeingRead() {
    return Optional.ofNullable(reading.get());
  }

  /** From now on nothing more the session sends is read. */
  public void refuse(String sessionId) {
    refused.add(sessionId);
  }

  public boolean isRefused(String sessionId) {
    return refused.contains(sessionId);
  }

  /** The session has closed. */
  public void forget(String sessionId) {
    refused.remove(sessionId);
  }
}
