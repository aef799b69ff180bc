package chat.relay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.RabbitMq;
import chat.relay.support.Relays;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;

/** Every CONNECTED frame tells the client this relay's limits, as configured, in both broker modes. */
class ConnectedLimitsTest {

  private static final String[] LIMITS = {"--relay.messages-per-second=12.5", "--relay.message-burst=20",
      "--relay.max-frame-bytes=32768"};

  @Test
  void theLimitsBecomeTheFirstHeaders_andTheRestOfTheFrameIsUnchanged() {
    ConnectedLimits limits = new ConnectedLimits(50, 100, 65536);
    TextMessage connected = new TextMessage("CONNECTED\nversion:1.2\nheart-beat:10000,10000\n\n\0");

    assertThat(ConnectedLimits.isConnected(connected)).isTrue();
    assertThat(limits.onto(connected).getPayload()).isEqualTo("CONNECTED\nrelay-messages-per-second:50\n"
        + "relay-message-burst:100\nrelay-max-frame-bytes:65536\nversion:1.2\nheart-beat:10000,10000\n\n\0");
    assertThat(ConnectedLimits.isConnected(new TextMessage("CONNECTEDX\n\n\0"))).isFalse();
    assertThat(ConnectedLimits.isConnected(new TextMessage("MESSAGE\ndestination:/topic/room.a\n\nCONNECTED\n\0")))
        .isFalse();
  }

  @Test
  void aRelayInProcess_announcesItsSettings() {
    try (var relay = Relays.start(LIMITS)) {
      assertAnnounced(Relays.port(relay));
    }
  }

  @Test
  void aRelayTold_notToAnnounce_saysNothingOfItsLimits() {
    try (var relay = Relays.start(concat(LIMITS, "--relay.announce-limits=false"));
         var client = StompTestClient.connect(Relays.port(relay), "pacer", Map.of())) {
      StompFrame connected = client.next();
      assertThat(connected.command()).isEqualTo("CONNECTED");
      assertThat(connected.headers()).doesNotContainKeys("relay-messages-per-second", "relay-message-burst",
          "relay-max-frame-bytes");
    }
  }

  @Test
  void aReplicaBehindRabbitMq_announcesItsSettingsInTheBrokersConnected() {
    RabbitMq.assumeStompListener();
    try (var relay = Relays.start(concat(LIMITS, "--relay.broker.mode=rabbitmq",
        "--relay.broker.port=" + RabbitMq.STOMP_PORT))) {
      var broker = relay.getBean(chat.relay.broker.BrokerHealth.class);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
          .until(() -> org.springframework.boot.health.contributor.Status.UP.equals(broker.health().getStatus()));
      assertAnnounced(Relays.port(relay));
    }
  }

  private static void assertAnnounced(int port) {
    try (var client = StompTestClient.connect(port, "pacer", Map.of())) {
      StompFrame connected = client.next();
      assertThat(connected.command()).isEqualTo("CONNECTED");
      assertThat(connected.header("relay-messages-per-second")).isEqualTo("12.5");
      assertThat(connected.header("relay-message-burst")).isEqualTo("20");
      assertThat(connected.header("relay-max-frame-bytes")).isEqualTo("32768");
      assertThat(connected.header("version")).isEqualTo("1.2");
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
