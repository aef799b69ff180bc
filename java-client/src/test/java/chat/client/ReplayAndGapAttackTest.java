package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.session.RoomSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay that replays, drops and reorders (issue "Protocol v3", cases 4 and 6, and its rule 7),
 * against the real client code: a replay after a client restart, an old message shown to a
 * newcomer, messages dropped for one member, and a reordered burst.
 */
class ReplayAndGapAttackTest {

  static final Duration WAIT = Duration.ofSeconds(15);
  static final String CHAT = "\"type\":\"chat\"";

  ChatRoomFixture fixture;

  @TempDir
  Path configs;

  @BeforeEach
  void start() {
    fixture = new ChatRoomFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aMessageReplayedToARestartedClient_isNotShownAgain() throws Exception {
    Path bobDir = configs.resolve("bob");
    fixture.join("alice", "restart");
    fixture.join("bob", "restart", RoomSession.Rules.DEFAULT, true, bobDir);
    fixture.awaitOneKey("alice", "bob");
    long epochBefore = fixture.events.get("bob").epoch;
    fixture.clients.get("alice").say("said once").get();
    await().atMost(WAIT).until(() -> fixture.events.get("bob").messages.contains("alice: said once"));
    String oldFrame = fixture.relay.adversary.lastTo("bob", CHAT).body();

    // the relay hides bob's leave, so nobody rekeys, and bob comes back with the same identity
    fixture.relay.adversary.hidePresence = true;
    fixture.clients.remove("bob").close();
    fixture.join("bob", "restart", RoomSession.Rules.DEFAULT, true, bobDir);
    RecordingEvents bob = fixture.events.get("bob");
    // protocol 3: bob's new client has a new RSA key, so alice lets it in with a new record and key
    assertThat(bob.epoch).as("a new epoch for bob's new client").isGreaterThan(epochBefore);

    fixture.relay.adversary.inject(fixture.relay.adversary.lastTo("bob", "\"type\":\"key\""), oldFrame);
    await().atMost(WAIT).until(() -> bob.dropped.stream().anyMatch(d -> d.contains("replayed")
        || d.contains("before you joined") || d.contains("expired epoch")));
    assertThat(bob.messages).doesNotContain("alice: said once");

    // and bob's own numbering goes on where it stopped, so alice does not take his new words for replays
    fixture.clients.get("bob").say("back again").get();
    await().atMost(WAIT).until(() -> fixture.events.get("alice").messages.contains("bob: back again"));
  }

  @Test
  void aMessageSentBeforeANewcomerJoined_isNotShownToIt() throws Exception {
    fixture.join("alice", "before");
    fixture.join("bob", "before");
    fixture.clients.get("alice").say("old news").get();
    await().atMost(WAIT).until(() -> fixture.events.get("bob").messages.contains("alice: old news"));
    String oldFrame = fixture.relay.adversary.lastTo("bob", CHAT).body();
    long oldEpoch = fixture.events.get("bob").epoch; // the epoch "old news" was sent in

    fixture.join("carol", "before");
    RecordingEvents carol = fixture.events.get("carol");
    assertThat(carol.epoch).as("carol's arrival made a new epoch").isGreaterThan(oldEpoch);
    fixture.relay.adversary.inject(fixture.relay.adversary.lastTo("carol", "\"type\":\"key\""), oldFrame);
    // the key of the epoch it was sent in was never given to carol: she cannot even open it
    await().atMost(WAIT).until(() -> carol.dropped.stream().anyMatch(d -> d.contains("expired epoch")));
    assertThat(carol.messages).doesNotContain("alice: old news");
  }

  @Test
  void messagesTheRelayDropsForOneMember_areReportedAsMissing() throws Exception {
    fixture.join("alice", "gap");
    fixture.join("bob", "gap");
    AtomicInteger chatsToBob = new AtomicInteger();
    fixture.relay.adversary.rewrite = (recipient, body) -> {
      if (recipient.equals("bob") && body.contains(CHAT)) {
        int n = chatsToBob.incrementAndGet();
        return n == 2 || n == 3 ? null : body;
      }
      return body;
    };
    for (int i = 1; i <= 4; i++) {
      fixture.clients.get("alice").say("line " + i).get();
    }
    RecordingEvents bob = fixture.events.get("bob");
    await().atMost(WAIT).until(() -> bob.messages.contains("alice: line 4"));
    assertThat(bob.messages).containsExactly("alice: line 1", "alice: line 4");
    assertThat(bob.notices).anyMatch(n -> n.contains("2 messages from alice did not arrive"));
  }

  @Test
  void aBurstTheRelayReorders_isShown_withTheLateMessageMarked() throws Exception {
    fixture.join("alice", "order");
    fixture.join("bob", "order");
    AtomicInteger chatsToBob = new AtomicInteger();
    AtomicReference<String> held = new AtomicReference<>();
    fixture.relay.adversary.rewrite = (recipient, body) -> {
      if (recipient.equals("bob") && body.contains(CHAT) && chatsToBob.incrementAndGet() == 2) {
        held.set(body); // held back, delivered after the third
        return null;
      }
      return body;
    };
    for (int i = 1; i <= 3; i++) {
      fixture.clients.get("alice").say("burst " + i).get();
    }
    RecordingEvents bob = fixture.events.get("bob");
    await().atMost(WAIT).until(() -> bob.messages.contains("alice: burst 3"));
    fixture.relay.adversary.inject(fixture.relay.adversary.lastTo("bob", CHAT), held.get());
    await().atMost(WAIT).until(() -> bob.messages.contains("alice: burst 2"));
    assertThat(bob.messages).containsExactly("alice: burst 1", "alice: burst 3", "alice: burst 2");
    assertThat(bob.notices).anyMatch(n -> n.contains("1 message from alice did not arrive"));
    assertThat(bob.notices).anyMatch(n -> n.contains("arrived out of order"));
  }
}
