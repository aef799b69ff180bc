package chat.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "relay.allowed-origins=https://chat.example.org")
class AllowedOriginsTest {

  @LocalServerPort
  int port;

  @Test
  void browserFromAnAllowedOrigin_connects_othersAreRefusedAtTheHandshake_clientsWithoutOriginConnect() {
    assertThat(open("https://chat.example.org").join()).isNotNull();
    assertThatThrownBy(() -> open("https://evil.example.com").join())
        .isInstanceOf(CompletionException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
            .isEqualTo(403));
    assertThat(open(null).join()).isNotNull();
  }

  private java.util.concurrent.CompletableFuture<WebSocket> open(String origin) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat"), new WebSocket.Listener() {});
  }
}
