package chat.relay.membership;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PresenceEventsTest {

  @LocalServerPort
  int port;

  @Test
  void joinAndLeaveAreAnnouncedOnSubscribeUnsubscribeDisconnectAndCut() {
    try (var watcher = StompTestClient.connected(port, "watcher")) {
      watcher.subscribeAndSettle("hall");

      var alice = StompTestClient.connected(port, "alice");
      String sub = alice.subscribeAndSettle("hall");
      StompFrame join = watcher.nextMatching(f -> Frames.isPresence(f, "join", "alice"));
      assertThat(join).as("join on subscribe").isNotNull();
      assertThat(join.body()).contains("\"event\":\"join\"", "\"room\":\"hall\"", "\"member\":\"alice\"");

      alice.unsubscribe(sub);
      assertThat(watcher.nextMatching(f -> Frames.isPresence(f, "leave", "alice"))).as("leave on unsubscribe").isNotNull();

      alice.subscribeAndSettle("hall");
      assertThat(watcher.nextMatching(f -> Frames.isPresence(f, "join", "alice"))).isNotNull();
      alice.disconnect();
      assertThat(watcher.nextMatching(f -> Frames.isPresence(f, "leave", "alice"))).as("leave on DISCONNECT").isNotNull();
      alice.close();

      var bob = StompTestClient.connected(port, "bob");
      bob.subscribeAndSettle("hall");
      assertThat(watcher.nextMatching(f -> Frames.isPresence(f, "join", "bob"))).isNotNull();
      bob.cut();
      assertThat(watcher.nextMatching(f -> Frames.isPresence(f, "leave", "bob"))).as("leave on a cut socket").isNotNull();
    }
  }

  @Test
  void joinerIsNotToldOfItsOwnJoin() {
    try (var watcher = StompTestClient.connected(port, "watcher2");
         var alice = StompTestClient.connected(port, "alice2")) {
      watcher.subscribeAndSettle("attic");
      alice.subscribeAndSettle("attic");
      assertThat(watcher.nextMatching(f -> Frames.isPresence(f, "join", "alice2"))).isNotNull();
      assertThat(alice.drain(Frames.QUIET)).noneMatch(f -> Frames.isPresence(f, "join", "alice2"));
    }
  }
}
