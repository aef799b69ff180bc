package chat.relay.broker;

import static chat.relay.support.Frames.chatMessages;
import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.RabbitMq;
import chat.relay.support.Relays;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Two relay replicas behind the machine's real RabbitMQ behave as one relay. */
class RabbitScaleOutTest {

  static ConfigurableApplicationContext replicaA;
  static ConfigurableApplicationContext replicaB;
  static int portA;
  static int portB;

  @BeforeAll
  static void startReplicas() {
    RabbitMq.assumeStompListener();
    replicaA = Relays.start("--relay.broker.mode=rabbitmq", "--relay.broker.port=" + RabbitMq.STOMP_PORT);
    replicaB = Relays.start("--relay.broker.mode=rabbitmq", "--relay.broker.port=" + RabbitMq.STOMP_PORT);
    portA = Relays.port(replicaA);
    portB = Relays.port(replicaB);
  }

  @AfterAll
  static void stopReplicas() {
    if (replicaA != null) {
      replicaA.close();
    }
    if (replicaB != null) {
      replicaB.close();
    }
  }

  static String uniqueRoom(String prefix) {
    return prefix + "-" + HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
        (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
  }

  @Test
  void framesCrossReplicasExactlyOnce_neverEcho_andPresenceCrosses() {
    String room = uniqueRoom("x");
    double deliveredOnB = meters(replicaB).counter("relay.frames.delivered").count();
    try (var alice = StompTestClient.connected(portA, "alice");
         var bob = StompTestClient.connected(portB, "bob");
         var carol = StompTestClient.connected(portA, "carol");
         var dave = StompTestClient.connected(portB, "dave")) {
      alice.subscribeAndSettle(room);
      bob.subscribeAndSettle(room);
      assertThat(alice.nextMatching(f -> Frames.isPresence(f, "join", "bob"))).as("join crosses replicas").isNotNull();
      carol.subscribeAndSettle(room);
      dave.subscribeAndSettle(room);

      List<StompTestClient> all = List.of(alice, bob, carol, dave);
      List<String> names = List.of("alice", "bob", "carol", "dave");
      for (int i = 0; i < all.size(); i++) {
        all.get(i).send(room, "from-" + names.get(i));
      }
      for (int i = 0; i < all.size(); i++) {
        List<String> expected = new ArrayList<>();
        for (int j = 0; j < all.size(); j++) {
          if (j != i) {
            expected.add("from-" + names.get(j));
          }
        }
        assertThat(chatMessages(all.get(i)).stream().map(StompFrame::body).toList())
            .as(names.get(i)).containsExactlyInAnyOrderElementsOf(expected);
      }
      assertThat(meters(replicaB).counter("relay.frames.delivered").count()).isEqualTo(deliveredOnB + 6);

      bob.disconnect();
      assertThat(alice.nextMatching(f -> Frames.isPresence(f, "leave", "bob"))).as("leave crosses replicas").isNotNull();
    }
  }

  @Test
  void aMemberMovingToAnotherReplica_catchesUpThere_onWhatWasSentThroughTheFirst_withoutAGap() {
    String room = uniqueRoom("c");
    try (var alice = StompTestClient.connected(portA, "alice");
         var bob = StompTestClient.connected(portB, "bob")) {
      alice.subscribeAndSettle(room);
      bob.subscribeAndSettle(room);
      alice.send(room, "one");
      String seen = bob.nextMatching(f -> Frames.isChat(f) && "one".equals(f.body())).header("relay-message-id");
      alice.send(room, "two");
      alice.send(room, "three");
      assertThat(bob.nextMatching(f -> Frames.isChat(f) && "three".equals(f.body()))).isNotNull();
      try (var carol = StompTestClient.connected(portB, "carol")) {
        // as a member whose replica A was lost would come back on B: the last id it saw came from A
        carol.sendFrame(new StompFrame("SUBSCRIBE",
            java.util.Map.of("id", "s-1", "destination", "/topic/room." + room, "since", seen), ""));
        List<StompFrame> got = carol.drain(Frames.QUIET);
        assertThat(got.stream().filter(f -> "true".equals(f.header("relay-replay"))).map(StompFrame::body))
            .as("B kept what A's member sent, by A's ids").containsExactly("two", "three");
        assertThat(got).noneMatch(f -> "gap".equals(f.header("relay-event")));
      }
    }
  }

  @Test
  void relayHeadersSurviveTheBroker_andLimitsStillApply() {
    String room = uniqueRoom("h");
    try (var alice = StompTestClient.connected(portA, "alice");
         var bob = StompTestClient.connected(portB, "bob")) {
      alice.subscribeAndSettle(room);
      bob.subscribeAndSettle(room);
      alice.send(room, "opaque", java.util.Map.of("relay-member", "mallory"));
      StompFrame got = bob.nextMatching(Frames::isChat);
      assertThat(got).isNotNull();
      assertThat(got.body()).isEqualTo("opaque");
      assertThat(got.header("relay-member")).isEqualTo("alice");
      assertThat(got.header("relay-session")).isNotBlank();
      assertThat(got.header("relay-message-id")).isNotBlank();

      bob.subscribeTo("/topic/room.*");
      StompFrame error = bob.nextMatching(f -> "ERROR".equals(f.command()));
      assertThat(error).isNotNull();
      assertThat(error.header("refusal")).isEqualTo("invalid-room");
    }
  }

  @Test
  void twoHundredRoomsOfTwoAcrossReplicas_noCrossTalk() {
    int rooms = 200;
    String prefix = uniqueRoom("m");
    List<StompTestClient> onA = new ArrayList<>();
    List<StompTestClient> onB = new ArrayList<>();
    try {
      for (int r = 0; r < rooms; r++) {
        StompTestClient a = StompTestClient.connected(portA, "a" + r);
        StompTestClient b = StompTestClient.connected(portB, "b" + r);
        onA.add(a);
        onB.add(b);
        a.subscribeAndSettle(prefix + "-" + r);
        b.subscribeAndSettle(prefix + "-" + r);
      }
      for (int r = 0; r < rooms; r++) {
        onA.get(r).send(prefix + "-" + r, "room " + r + " from A");
        onB.get(r).send(prefix + "-" + r, "room " + r + " from B");
      }
      for (int r = 0; r < rooms; r++) {
        assertThat(onA.get(r).nextMatching(Frames::isChat)).as("A " + r).extracting(StompFrame::body)
            .isEqualTo("room " + r + " from B");
        assertThat(onB.get(r).nextMatching(Frames::isChat)).as("B " + r).extracting(StompFrame::body)
            .isEqualTo("room " + r + " from A");
      }
      sleep(Frames.QUIET);
      for (int r = 0; r < rooms; r++) {
        assertThat(onA.get(r).drain(java.time.Duration.ofMillis(1))).as("nothing else reached A " + r)
            .noneMatch(Frames::isChat);
        assertThat(onB.get(r).drain(java.time.Duration.ofMillis(1))).as("nothing else reached B " + r)
            .noneMatch(Frames::isChat);
      }
    } finally {
      onA.forEach(StompTestClient::close);
      onB.forEach(StompTestClient::close);
    }
  }

  static void sleep(java.time.Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static MeterRegistry meters(ConfigurableApplicationContext relay) {
    return relay.getBean(MeterRegistry.class);
  }
}
