package chat.relay.delivery;

import static chat.relay.support.Frames.chatMessages;
import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoomRoutingTest {

  @LocalServerPort
  int port;

  @org.springframework.beans.factory.annotation.Autowired
  RoomDeliveryWriter writer;

  @Test
  void eachFrameReachesEveryOtherMemberOnceUnchanged_neverTheSender_andNoOtherRoom() {
    try (var alice = StompTestClient.connected(port, "alice");
         var bob = StompTestClient.connected(port, "bob");
         var carol = StompTestClient.connected(port, "carol");
         var dave = StompTestClient.connected(port, "dave")) {
      alice.subscribeAndSettle("garden");
      bob.subscribeAndSettle("garden");
      carol.subscribeAndSettle("garden");
      dave.subscribeAndSettle("kitchen");

      String fromAlice = "gAAAAA-alice: ünïcødé \t tab\nsecond line {\"json\":true}";
      String fromBob = "gAAAAA-bob " + "x".repeat(4000);
      String fromCarol = "gAAAAA-carol";
      alice.send("garden", fromAlice);
      bob.send("garden", fromBob);
      carol.send("garden", fromCarol);

      assertThat(bodies(chatMessages(alice))).containsExactlyInAnyOrder(fromBob, fromCarol);
      assertThat(bodies(chatMessages(bob))).containsExactlyInAnyOrder(fromAlice, fromCarol);
      assertThat(bodies(chatMessages(carol))).containsExactlyInAnyOrder(fromAlice, fromBob);
      assertThat(chatMessages(dave)).isEmpty();
    }
    assertThat(writer.written()).as("room deliveries were written by the relay's own writer").isGreaterThanOrEqualTo(6);
  }

  @Test
  void relayStampsItsOwnHeaders_andDropsForgedOnes() {
    try (var alice = StompTestClient.connected(port, "alice");
         var bob = StompTestClient.connected(port, "bob")) {
      alice.subscribeAndSettle("porch");
      bob.subscribeAndSettle("porch");

      alice.send("porch", "opaque", Map.of("relay-member", "mallory", "relay-session", "x-1", "x-custom", "1"));

      List<StompFrame> received = chatMessages(bob);
      assertThat(received).hasSize(1);
      StompFrame frame = received.get(0);
      assertThat(frame.header("relay-member")).isEqualTo("alice");
      assertThat(frame.header("relay-session")).isNotEqualTo("x-1").matches("[0-9a-f]{8}-.+");
      assertThat(frame.header("relay-message-id")).isNotBlank();
      assertThat(Long.parseLong(frame.header("relay-timestamp"))).isPositive();
      assertThat(frame.header("content-type")).startsWith("text/plain");
      assertThat(frame.headers()).doesNotContainKey("x-custom");
    }
  }

  @Test
  void framesFromOneSenderArriveInTheOrderSent() {
    try (var alice = StompTestClient.connected(port, "alice");
         var bob = StompTestClient.connected(port, "bob")) {
      alice.subscribeAndSettle("ordered");
      bob.subscribeAndSettle("ordered");
      List<String> sent = new java.util.ArrayList<>();
      for (int i = 0; i < 80; i++) {
        sent.add("n" + i);
        alice.send("ordered", "n" + i);
      }
      assertThat(bodies(chatMessages(bob))).containsExactlyElementsOf(sent);
    }
  }

  static List<String> bodies(List<StompFrame> frames) {
    return frames.stream().map(StompFrame::body).toList();
  }
}
