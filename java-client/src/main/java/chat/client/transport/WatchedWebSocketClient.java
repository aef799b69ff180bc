package chat.client.transport;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * A WebSocket client that notes when anything last arrived (a frame or a heart-beat), so the
 * transport can tell a silent link from a quiet room sooner than Spring's STOMP client does (it
 * waits three heart-beat intervals; we promise two).
 */
final class WatchedWebSocketClient implements WebSocketClient {

  private final WebSocketClient delegate;
  private volatile long lastReadNanos = System.nanoTime();
  private volatile WebSocketSession session;

  WatchedWebSocketClient(WebSocketClient delegate) {
    this.delegate = delegate;
  }

  long millisSinceLastRead() {
    return (System.nanoTime() - lastReadNanos) / 1_000_000;
  }

  /** Closes the socket under the STOMP session: Spring then reports a transport error, as for a cut. */
  void abort() {
    WebSocketSession s = session;
    if (s != null) {
      try {
        s.close(org.springframework.web.socket.CloseStatus.SESSION_NOT_RELIABLE);
      } catch (java.io.IOException | RuntimeException ignored) {
        // already going
      }
    }
  }

  @Override
  public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, String uriTemplate, Object... uriVars) {
    return delegate.execute(watched(handler), uriTemplate, uriVars);
  }

  @Override
  public CompletableFuture<WebSocketSession> execute(WebSocketHandler handler, WebSocketHttpHeaders headers, URI uri) {
    return delegate.execute(watched(handler), headers, uri);
  }

  private WebSocketHandler watched(WebSocketHandler handler) {
    lastReadNanos = System.nanoTime();
    return new WebSocketHandlerDecorator(handler) {
      @Override
      public void afterConnectionEstablished(WebSocketSession s) throws Exception {
        session = s;
        lastReadNanos = System.nanoTime();
        super.afterConnectionEstablished(s);
      }

      @Override
      public void handleMessage(WebSocketSession s, WebSocketMessage<?> message) throws Exception {
        lastReadNanos = System.nanoTime();
        super.handleMessage(s, message);
      }
    };
  }
}
