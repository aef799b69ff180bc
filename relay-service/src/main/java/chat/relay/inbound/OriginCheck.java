package chat.relay.inbound;

import chat.relay.metrics.RelayMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.socket.server.support.OriginHandshakeInterceptor;

/**
 * Spring's browser origin check, made visible: Spring refuses a browser whose origin is not in
 * {@code relay.allowed-origins} with a bare 403, logged at debug only, so the page sees close 1006
 * and the operator sees nothing. Here the same check (Spring's, with the same patterns) also logs
 * one line naming the setting to change, counts the refusal as {@code origin-not-allowed}, and
 * answers with a one-line body. Spring's own check still runs after it.
 */
public final class OriginCheck implements HandshakeInterceptor {

  public static final String METRIC_REASON = "origin-not-allowed";
  private static final Logger log = LoggerFactory.getLogger(OriginCheck.class);
  /** What of an Origin header gets logged: a client chooses it, so only a plain scheme://host[:port]. */
  private static final Pattern LOGGABLE_ORIGIN = Pattern.compile("[a-z][a-z0-9+.-]{0,15}://[A-Za-z0-9.:\\[\\]-]{1,100}");

  private final OriginHandshakeInterceptor spring = new OriginHandshakeInterceptor();
  private final RelayMetrics metrics;

  public OriginCheck(List<String> allowedOriginPatterns, RelayMetrics metrics) {
    this.metrics = metrics;
    spring.setAllowedOriginPatterns(allowedOriginPatterns);
  }

  @Override
  public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
      Map<String, Object> attributes) throws Exception {
    if (spring.beforeHandshake(request, response, handler, attributes)) {
      return true;
    }
    String origin = request.getHeaders().getOrigin();
    String shown = origin != null && LOGGABLE_ORIGIN.matcher(origin).matches() ? origin : "(not shown)";
    metrics.originRefused();
    log.warn("refused a browser connection from origin {}: add it to relay.allowed-origins "
        + "(RELAY_ALLOWED_ORIGINS) to let pages from there connect", shown);
    response.getHeaders().setContentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8));
    response.setStatusCode(HttpStatus.FORBIDDEN);
    response.getBody().write(("origin not allowed by this relay; its operator can add it to relay.allowed-origins\n")
        .getBytes(StandardCharsets.UTF_8));
    return false;
  }

  @Override
  public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
      Exception exception) {
  }
}
