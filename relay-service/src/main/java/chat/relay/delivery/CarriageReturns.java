package chat.relay.delivery;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Keeps a CRLF in one piece for Spring's STOMP decoder. The decoder refuses a frame ("'\r' must
 * be followed by '\n'") whenever a WebSocket message, or one of the 2 KiB parts Tomcat hands over,
 * ends between the CR and the LF of a STOMP 1.2 end-of-line, although the frame is valid and its
 * next bytes are on their way: a client that fragments its messages, or sends CRLF frames larger
 * than a part, was refused at random (the fuzz test found it). A part that ends in CR gives that
 * CR to the session's next part instead.
 */
final class CarriageReturns {

  private final Map<String, Boolean> held = new ConcurrentHashMap<>();

  /** The message to decode now, or null when nothing of it is left to decode yet. */
  WebSocketMessage<?> join(String sessionId, WebSocketMessage<?> message) {
    if (message instanceof TextMessage text) {
      String payload = text.getPayload();
      boolean carried = held.remove(sessionId) != null;
      if (!carried && !payload.endsWith("\r")) {
        return message; // the common case: untouched
      }
      String joined = carried ? "\r" + payload : payload;
      if (joined.endsWith("\r")) {
        held.put(sessionId, Boolean.TRUE);
        joined = joined.substring(0, joined.length() - 1);
      }
      return joined.isEmpty() ? null : new TextMessage(joined, text.isLast());
    }
    if (message instanceof BinaryMessage binary) {
      ByteBuffer payload = binary.getPayload();
      boolean carried = held.remove(sessionId) != null;
      boolean endsInCr = payload.hasRemaining() && payload.get(payload.limit() - 1) == '\r';
      if (!carried && !endsInCr) {
        return message;
      }
      ByteBuffer joined = ByteBuffer.allocate(payload.remaining() + (carried ? 1 : 0));
      if (carried) {
        joined.put((byte) '\r');
      }
      joined.put(payload.duplicate()).flip();
      if (endsInCr) {
        held.put(sessionId, Boolean.TRUE);
        joined.limit(joined.limit() - 1);
      }
      return joined.hasRemaining() ? new BinaryMessage(joined, binary.isLast()) : null;
    }
    return message;
  }

  void closed(String sessionId) {
    held.remove(sessionId);
  }
}
