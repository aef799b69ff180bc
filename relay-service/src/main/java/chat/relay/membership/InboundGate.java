package chat.relay.membership;

import chat.relay.refusal.Refusal;
import java.util.Map;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.CloseStatus;

/**
 * Which session the current thread is reading a frame of, and which sessions have been refused
 * and why.
 *
 * <p>Why the reading session: Spring reports a frame it could not decode (oversized, not STOMP)
 * without any message, so without this the refusal could not name its session, and its ERROR
 * would have to be sent from the reading thread, where it races the session's outbound lane and
 * can be lost to the close that follows it. Inbound frames are handled on the reading thread
 * (see StompConfig), so a thread-local is exact here.
 *
 * <p>Why the refused sessions: after an ERROR the session is closing (STOMP 1.2), but the close
 * happens on the session's lane, a moment later. Whatever the client sent after the refused frame,
 * including the remaining parts of an oversized one, is dropped unread in the meantime rather
 * than forwarded or refused again. And Spring closes every session after an ERROR with 1002
 * whatever the reason; the reason kept here gives the close its own code instead.
 */
public final class InboundGate implements ChannelInterceptor {

  private final ThreadLocal<String> reading = new ThreadLocal<>();
  private final ThreadLocal<int[]> decoded = ThreadLocal.withInitial(() -> new int[1]);
  private final Map<String, Refusal.Reason> refused = new ConcurrentHashMap<>();

  /** Marks the start of handling one inbound WebSocket message; pair with {@link #doneReading()}. */
  public void reading(String sessionId) {
    reading.set(sessionId);
    decoded.get()[0] = 0;
  }

  /** Counts the frames Spring decoded from the message being read: the first inbound interceptor. */
  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    decoded.get()[0]++;
    return message;
  }

  /** Frames decoded from the message this thread is reading, so far. */
  public int framesDecoded() {
    return decoded.get()[0];
  }

  public void doneReading() {
    reading.remove();
  }

  /** The session whose frame this thread is handling, if any. */
  public Optional<String> sessionBeingRead() {
    return Optional.ofNullable(reading.get());
  }

  /** From now on nothing more the session sends is read; its close will carry the reason's code. */
  public void refuse(String sessionId, Refusal.Reason reason) {
    refused.putIfAbsent(sessionId, reason);
  }

  public boolean isRefused(String sessionId) {
    return refused.containsKey(sessionId);
  }

  /** The close a refused session gets instead of Spring's blanket 1002 after an ERROR. */
  public CloseStatus closeStatus(String sessionId, CloseStatus requested) {
    Refusal.Reason reason = refused.get(sessionId);
    if (reason == null || !CloseStatus.PROTOCOL_ERROR.equalsCode(requested)) {
      return requested;
    }
    return new CloseStatus(reason.closeCode(), reason.wireName());
  }

  /** The session has closed. */
  public void forget(String sessionId) {
    refused.remove(sessionId);
  }
}
