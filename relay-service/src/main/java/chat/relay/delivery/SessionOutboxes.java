package chat.relay.delivery;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.WebSocketSession;

/** The open sessions' outgoing queues ({@link SessionOutbox}), by WebSocket session id. */
public final class SessionOutboxes {

  private final Map<String, WebSocketSession> outboxes = new ConcurrentHashMap<>();

  void opened(String sessionId, WebSocketSession outbox) {
    outboxes.put(sessionId, outbox);
  }

  Optional<WebSocketSession> closed(String sessionId) {
    return Optional.ofNullable(outboxes.remove(sessionId));
  }

  /** What Spring is handed for the session: its outbox, or the session itself if it has none. */
  WebSocketSession wrapped(WebSocketSession session) {
    return outboxes.getOrDefault(session.getId(), session);
  }

  /**
   * The session's outbox, which any thread may write to; empty once the session has closed, or if
   * the container gave no native session to queue on.
   */
  public Optional<WebSocketSession> find(String sessionId) {
    return outboxes.get(sessionId) instanceof SessionOutbox outbox ? Optional.of(outbox) : Optional.empty();
  }
}
