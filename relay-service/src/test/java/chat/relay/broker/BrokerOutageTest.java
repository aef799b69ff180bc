package chat.relay.broker;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.RabbitMq;
import chat.relay.support.Relays;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import chat.relay.support.TcpProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The relay's broker connection is cut (a TCP proxy between the relay and the real RabbitMQ is
 * closed) and restored: readiness goes DOWN and comes back UP, connected clients are told, and
 * chat resumes without restarting the relay.
 */
class BrokerOutageTest {

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void brokerLost_readinessDownAndClientsTold_thenBack_readinessUpAndChatResumes() throws Exception {
    RabbitMq.assumeStompListener();
    try (TcpProxy proxy = new TcpProxy(RabbitMq.STOMP_PORT)) {
      ConfigurableApplicationContext relay = Relays.start("--relay.broker.mode=rabbitmq",
          "--relay.broker.port=" + proxy.port(), "--relay.broker.system-heartbeat=2s");
      int port = Relays.port(relay);
      try {
        awaitReadiness(port, 200);
        String room = RabbitScaleOutTest.uniqueRoom("outage");
        try (var alice = StompTestClient.connected(port, "alice");
             var bob = StompTestClient.connected(port, "bob")) {
          chat(alice, bob, room, "before the outage");

          proxy.cut();
          awaitReadiness(port, 503);
          assertThat(readiness(port).body()).contains("\"broker\":{\"status\":\"DOWN\"");
          StompFrame told = alice.nextMatching(f -> "ERROR".equals(f.command()));
          assertThat(told != null || alice.isClosed()).as("a connected client is told or closed").isTrue();
          assertThat(alice.closeCode()).succeedsWithin(Duration.ofSeconds(10));
        }

        proxy.restore();
        awaitReadiness(port, 200);
        try (var carol = StompTestClient.connected(port, "carol");
             var dave = StompTestClient.connected(port, "dave")) {
          chat(carol, dave, RabbitScaleOutTest.uniqueRoom("after"), "after the outage");
        }
      } finally {
        relay.close();
      }
    }
  }

  private static void chat(StompTestClient from, StompTestClient to, String room, String text) {
    from.subscribeAndSettle(room);
    to.subscribeAndSettle(room);
    from.send(room, text);
    StompFrame got = to.nextMatching(Frames::isChat);
    assertThat(got).isNotNull();
    assertThat(got.body()).isEqualTo(text);
  }

  private void awaitReadiness(int port, int status) {
    Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
        .until(() -> readiness(port).statusCode() == status);
  }

  private HttpResponse<String> readiness(int port) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
