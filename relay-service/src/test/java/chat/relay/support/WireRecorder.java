package chat.relay.support;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Records every WebSocket message the relay receives and sends, as text, at the innermost layer
 * (ordered first, so it wraps Spring's handler directly and sees what the relay's own outbox
 * is handed). Register it as a bean in a test's relay context.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class WireRecorder implements WebSocketMessageBrokerConfigurer {

  public final List<String> received = new CopyOnWriteArrayList<>();
  public final List<String> sent = new CopyOnWriteArrayList<>();

  public List<String> all() {
    return Stream.concat(received.stream(), sent.stream()).toList();
  }

  @Override
  public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
    registration.addDecoratorFactory(handler -> new WebSocketHandlerDecorator(handler) {
      @Override
      public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        super.afterConnectionEstablished(new WebSocketSessionDecorator(session) {
          @Override
          public void sendMessage(WebSocketMessage<?> message) throws IOException {
            sent.add(text(message));
            super.sendMessage(message);
          }
        });
      }

      // the relay takes large messages in parts: record each whole message once
      private final java.util.Map<String, StringBuilder> parts = new java.util.concurrent.ConcurrentHashMap<>();

      @Override
      public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
        StringBuilder whole = parts.computeIfAbsent(session.getId(), id -> new StringBuilder()).append(text(message));
        if (message.isLast()) {
          received.add(whole.toString());
          parts.remove(session.getId());
        }
        super.handleMessage(session, message);
      }
    });
  }

  private static String text(WebSocketMessage<?> message) {
    if (message instanceof TextMessage t) {
      return t.getPayload();
    }
    if (message instanceof BinaryMessage b) {
      return new String(b.getPayload().array(), java.nio.charset.StandardCharsets.UTF_8);
    }
    return String.valueOf(message.getPayload());
  }
}
