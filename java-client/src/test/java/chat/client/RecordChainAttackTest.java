package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Attacks on protocol 3's membership history through the real relay with the adversarial hook,
 * each written before its defence: the withheld removal of issue "Protocol v3" (Why 1), which under
 * protocol 2 let the removed member back in, and the relay that shows a member the removal but
 * keeps the new key from it.
 */
class RecordChainAttackTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final String REMOVAL = "\"change\":\"remove\"";

  ChatRoomFixture fixture;

  @BeforeEach
  void start() {
    fixture = new ChatRoomFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void aWithheldRemoval_neverLetsTheRemovedMemberBackIn_andTheMemberItWasHiddenFromLearnsIt() throws Exception {
    for (String name : new String[] {"alice", "bob", "carol"}) {
      fixture.join(name, "cut");
    }
    fixture.awaitOneKey("alice", "bob", "carol");
    long before = fixture.events.get("alice").epoch;
    AtomicBoolean recordHiddenFromBob = new AtomicBoolean();
    AtomicBoolean keyHiddenFromBob = new AtomicBoolean();
    fixture.relay.adversary.rewrite = (recipient, body) -> {
      boolean newEpochKey = body.contains("\"type\":\"key\"") && body.contains("\"epoch\":" + (before + 1));
      if (recipient.equals("carol") && (body.contains(REMOVAL) || newEpochKey)) {
        return null; // carol never learns she was removed
      }
      if (recipient.equals("bob") && body.contains(REMOVAL) && recordHiddenFromBob.compareAndSet(false, true)) {
        return null; // nor does bob, the first time
      }
      if (recipient.equals("bob") && newEpochKey && keyHiddenFromBob.compareAndSet(false, true)) {
        return null;
      }
      return body;
    };

    assertThat(fixture.clients.get("alice").kick("carol").get()).isTrue();
    fixture.clients.get("alice").say("said after carol was removed").get();
    RecordingEvents bob = fixture.events.get("bob");
    RecordingEvents carol = fixture.events.get("carol");
    // bob sees traffic of an epoch he lacks, asks again, and gets the record with the key
    await().atMost(WAIT).until(() -> bob.epoch == before + 1);
    assertThat(bob.notices).anyMatch(n -> n.contains("carol was removed from the room by alice"));
    // carol saw the same traffic and asked again too: nobody let her back in
    await().atMost(WAIT).until(() -> carol.dropped.stream().anyMatch(d -> d.contains("asking for the key again")));
    fixture.clients.get("alice").say("second after the removal").get();
    fixture.clients.get("bob").say("bob after the removal").get();
    await().atMost(WAIT).until(() -> bob.messages.contains("alice: second after the removal")
        && fixture.events.get("alice").messages.contains("bob: bob after the removal"));

    Thread.sleep(1000);
    assertThat(carol.epoch).as("carol holds no key made after her removal").isEqualTo(before);
    assertThat(carol.messages).noneMatch(m -> m.contains("after the removal") || m.contains("after carol was removed"));
    assertThat(fixture.relay.wire.received).as("no member wrapped a later key for carol")
        .noneMatch(f -> f.contains("\"type\":\"key\"") && f.contains("\"to\":\"carol\"")
            && !f.contains("\"epoch\":" + before + ",") && !f.contains("\"epoch\":" + (before - 1) + ","));
    // and what carol writes now counts for nobody
    fixture.clients.get("carol").say("carol, removed").get();
    await().atMost(WAIT).until(() -> bob.dropped.stream().anyMatch(d -> d.contains("removed")));
    assertThat(bob.messages).noneMatch(m -> m.contains("carol, removed"));
  }

  @Test
  void aRelayThatShowsTheRemovalButWithholdsTheNewKey_cannotMakeAMemberWriteUnderTheKeyTheRemovedOneHolds()
      throws Exception {
    for (String name : new String[] {"alice", "bob", "carol"}) {
      fixture.join(name, "keep");
    }
    fixture.awaitOneKey("alice", "bob", "carol");
    long before = fixture.events.get("alice").epoch;
    fixture.relay.adversary.rewrite = (recipient, body) -> recipient.equals("bob") && body.contains("\"type\":\"key\"")
        && !body.contains("\"epoch\":" + before + ",") ? null : body; // bob gets records, never a newer key

    assertThat(fixture.clients.get("alice").kick("carol").get()).isTrue();
    RecordingEvents bob = fixture.events.get("bob");
    await().atMost(WAIT).until(() -> bob.notices.stream().anyMatch(n -> n.contains("carol was removed")));
    assertThat(fixture.clients.get("bob").say("for alice only").get()).as("not sent under carol's key").isEmpty();
    assertThat(bob.alerts).anyMatch(a -> a.contains("not sent") && a.contains("still shared with carol"));
    Thread.sleep(500);
    assertThat(fixture.events.get("carol").messages).noneMatch(m -> m.contains("for alice only"));
  }
}
