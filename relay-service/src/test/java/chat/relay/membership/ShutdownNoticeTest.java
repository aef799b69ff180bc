package chat.relay.membership;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.RelayApplication;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

class ShutdownNoticeTest {

  @Test
  void openSessionsAreToldWhyAndClosedCleanly_whenTheRelayStops() {
    ConfigurableApplicationContext relay = SpringApplication.run(RelayApplication.class,
        "--server.port=0", "--spring.main.banner-mode=off");
    int port = ((WebServerApplicationContext) relay).getWebServer().getPort();
    try (var alice = StompTestClient.connected(port, "alice");
         var bob = StompTestClient.connected(port, "bob")) {
      alice.subscribeAndSettle("closing");
      bob.subscribeAndSettle("closing");

      long started = System.nanoTime();
      relay.close();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      for (StompTestClient client : new StompTestClient[] {alice, bob}) {
        StompFrame error = client.nextMatching(f -> "ERROR".equals(f.command()));
        assertThat(error).isNotNull();
        assertThat(error.header("message")).contains(ShutdownNotice.SHUTDOWN_MESSAGE);
        assertThat(error.header("refusal")).isEqualTo("shutting-down");
        // a WebSocket close handshake after the ERROR (STOMP 1.2 "ERROR"), not a dropped connection:
        // 1001 "going away" (RFC 6455 7.4.1), so a client knows to reconnect, not to give up
        assertThat(client.closeCode()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(1001);
      }
      assertThat(took).isLessThan(Duration.ofSeconds(10));
    } finally {
      relay.close();
    }
  }
}
