package chat.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.relay.support.RawSocket;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "relay.allowed-origins=https://chat.example.org")
@ExtendWith(OutputCaptureExtension.class)
class AllowedOriginsTest {

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  @Test
  void browserFromAnAllowedOrigin_connects_othersAreRefusedAtTheHandshake_clientsWithoutOriginConnect() {
    assertThat(open("https://chat.example.org").join()).isNotNull();
    assertThatThrownBy(() -> open("https://evil.example.com").join())
        .isInstanceOf(CompletionException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
            .isEqualTo(403));
    assertThat(open(null).join()).isNotNull();
  }

  @Test
  void aRefusedOrigin_isLoggedWithTheSettingToChange_countedAndAnsweredInWords(CapturedOutput output) {
    double before = originRefusals();
    HttpResponse<?> refused = assertThatRefused("http://localhost:8080");
    assertThat(String.valueOf(refused.body())).contains("relay.allowed-origins");
    assertThat(output.getOut()).contains("refused a browser connection from origin http://localhost:8080")
        .contains("relay.allowed-origins");
    assertThat(originRefusals()).isEqualTo(before + 1);
  }

  @Test
  void anOriginThatIsNotAPlainUrl_isNotWrittenToTheLog(CapturedOutput output) {
    assertThatRefused("https://x.example/<script>CLIENT-CHOSEN-7731</script>");
    assertThat(output.getOut()).contains("(not shown)").doesNotContain("CLIENT-CHOSEN-7731");
  }

  @Test
  void aMalformedHttpRequestLine_doesNotPutClientBytesInTheLog(CapturedOutput output) throws Exception {
    try (RawSocket raw = new RawSocket(port)) {
      raw.write("G\u0001ET-CLIENT-CHOSEN-9917 /chat HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      assertThat(raw.readUntilClosed(Duration.ofSeconds(5))).startsWith("HTTP/1.1 400");
    }
    assertThat(output.getOut()).doesNotContain("CLIENT-CHOSEN-9917");
  }

  private HttpResponse<?> assertThatRefused(String origin) {
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> open(origin).join());
    assertThat(failure).isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class);
    HttpResponse<?> response = ((WebSocketHandshakeException) failure.getCause()).getResponse();
    assertThat(response.statusCode()).isEqualTo(403);
    return response;
  }

  private double originRefusals() {
    var counter = meters.find("relay.refusals").tag("reason", "origin-not-allowed").counter();
    return counter == null ? 0 : counter.count();
  }

  private java.util.concurrent.CompletableFuture<WebSocket> open(String origin) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    return builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat"), new WebSocket.Listener() {});
  }
}
