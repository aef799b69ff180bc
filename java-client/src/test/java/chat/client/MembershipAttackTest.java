package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.crypto.ChatCrypto;
import chat.client.protocol.EnvelopeCodec;
import chat.client.session.RoomSession;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on membership that a lying relay (AdversarialRelay on the real relay) could make work
 * under protocol 2 as first built, and admission flows that failed people, each written before
 * its defence (issue "Protocol v3", cases 2, 3, 5 and 6): a removed member that keeps writing under
 * the previous epoch, a relay-made room key for a room the member knows, a withheld key that made
 * a member create the room anew, a refused key delivery that ended in a room of one's own, a
 * reused invitation, the wait of an approve room's newcomer, and two clients of one identity.
 */
class MembershipAttackTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  final EnvelopeCodec codec = new EnvelopeCodec();
  final ChatCrypto crypto = ChatCrypto.createDefault();
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
  void aRemovedMembersMessagesUnderThePreviousEpoch_areDropped_evenWhenTheRelayHidesTheRemovalFromIt() throws Exception {
    fixture.join("alice", "rm");
    fixture.join("bob", "rm");
    fixture.join("carol", "rm");
    // from now on carol sees no room traffic: she never learns she was removed, nor gets epoch 2
    fixture.relay.adversary.rewrite = (recipient, body) -> recipient.equals("carol") ? null : body;

    long before = fixture.events.get("alice").epoch;
    assertThat(fixture.clients.get("alice").kick("carol").get()).isTrue();
    await().atMost(WAIT).until(() -> fixture.events.get("bob").epoch > before);
    assertThat(fixture.clients.get("carol").say("carol after her removal").get()).as("carol's client still sends")
        .isPresent();

    await().atMost(WAIT).until(() -> fixture.events.get("bob").dropped.stream().anyMatch(d -> d.contains("removed")));
    await().atMost(WAIT).until(() -> fixture.events.get("alice").dropped.stream().anyMatch(d -> d.contains("removed")));
    assertThat(fixture.events.get("bob").messages).noneMatch(m -> m.contains("carol after her removal"));
    assertThat(fixture.events.get("alice").messages).noneMatch(m -> m.contains("carol after her removal"));
  }

  @Test
  void aRemovedMember_isToldItWasRemoved_andItsSessionStopsOfferingToSend() throws Exception {
    fixture.join("alice", "told");
    fixture.join("carol", "told");
    assertThat(fixture.clients.get("alice").kick("carol").get()).isTrue();
    assertThat(fixture.events.get("carol").failure.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
        .contains("you were removed from the room by its creator alice");
    assertThat(fixture.clients.get("carol").say("still here?").get()).as("nothing is sent any more").isEmpty();
  }

  @Test
  void aRelayMadeRoomKeyForARoomTheMemberKnows_isRefused_andTheMemberFailsClosed() throws Exception {
    Path bobDir = configs.resolve("bob");
    fixture.join("alice", "pin");
    fixture.join("bob", "pin", RoomSession.Rules.DEFAULT, true, bobDir); // bob pins the room to alice
    fixture.clients.remove("bob").close();

    RelayAdmin admin = new RelayAdmin();
    fixture.relay.adversary.rewrite = (recipient, body) -> {
      if (!recipient.equals("bob") || !(body.contains("\"type\":\"key\"") || body.contains("\"type\":\"record\""))) {
        return body;
      }
      // drop alice's record and key and give bob a room of the relay's own, keyed for bob's announced RSA key
      String announce = fixture.relay.adversary.lastTo("alice", "\"member\":\"bob\"").body();
      return admin.replace(real(body), announce, body);
    };
    fixture.join("bob", "pin", RoomSession.Rules.DEFAULT, false, bobDir);
    RecordingEvents bob = fixture.events.get("bob");

    String failure = bob.failure.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(bob.alerts).anyMatch(a -> a.contains("relay-admin") && a.contains("created by alice"));
    assertThat(failure).contains("the room key from relay-admin was refused", "not creating a room");
    assertThat(bob.keyId).as("bob never keyed, neither on the relay's key nor on a room of his own").isNotDone();
  }

  @Test
  void aRelayThatWithholdsTheKeyOfARoomTheMemberKnows_cannotMakeItCreateTheRoomAnew() throws Exception {
    Path bobDir = configs.resolve("bob");
    fixture.join("alice", "held");
    fixture.join("bob", "held", RoomSession.Rules.DEFAULT, true, bobDir);
    fixture.clients.remove("bob").close();

    fixture.relay.adversary.rewrite = (recipient, body) -> recipient.equals("bob") ? null : body; // bob hears nothing
    fixture.join("bob", "held", RoomSession.Rules.DEFAULT, false, bobDir);
    RecordingEvents bob = fixture.events.get("bob");

    String failure = bob.failure.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(failure).contains("already exists", "created by alice", "not creating a new room", "--create");
    assertThat(bob.keyId).as("bob did not create the room again").isNotDone();

    // only when the user asks for it explicitly does the client start a new room under the name
    fixture.clients.remove("bob").close();
    fixture.join("bob", "held", RoomSession.Rules.DEFAULT.creatingAnew(), true, bobDir);
    assertThat(fixture.events.get("bob").created).isTrue();
    assertThat(chat.client.trust.TrustStore.load(bobDir).roomPin("held").orElseThrow().creator()).isEqualTo("bob");
  }

  @Test
  void aNewcomerWhoseKeyDeliveryIsRefused_failsClosed_insteadOfCreatingARoomOfItsOwn() throws Exception {
    fixture.join("alice", "garble");
    // the relay alters a signed field of the only record that lets the newcomer in
    fixture.relay.adversary.rewrite = (recipient, body) -> recipient.equals("dave") && body.contains("\"type\":\"record\"")
        ? body.replaceFirst("\"keyCommitment\":\"(.)", "\"keyCommitment\":\"" + "Z") : body;
    fixture.join("dave", "garble", RoomSession.Rules.DEFAULT, false, null);
    RecordingEvents dave = fixture.events.get("dave");

    String failure = dave.failure.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(failure).contains("bad signature", "not creating a room");
    assertThat(dave.keyId).as("dave never made a room of his own").isNotDone();
  }

  @Test
  void anInvitationUsedASecondTime_admitsNobody_andBothSidesAreTold() throws Exception {
    fixture.join("alice", "once", rules(RoomSession.Policy.INVITE), true, null);
    String code = fixture.clients.get("alice").invite().get();
    fixture.join("bob", "once", withInvitation(code), true, null);
    fixture.join("carol", "once", withInvitation(code), false, null);

    String failure = fixture.events.get("carol").failure.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(failure).contains("an invitation admits one person");
    assertThat(fixture.events.get("alice").alerts).anyMatch(a -> a.contains("carol") && a.contains("bob already used"));
    assertThat(fixture.events.get("carol").keyId).isNotDone();
  }

  @Test
  void anUninvitedNewcomerOfAnInviteRoom_isToldItIsInviteOnly_insteadOfOpeningARoomOfItsOwn() throws Exception {
    fixture.join("alice", "club", rules(RoomSession.Policy.INVITE), true, null);
    fixture.join("zed", "club", RoomSession.Rules.DEFAULT, false, null); // sorts after alice: it used to create
    RecordingEvents zed = fixture.events.get("zed");

    String failure = zed.failure.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    assertThat(failure).contains("alice says: room club is invite-only", "--invite");
    assertThat(zed.keyId).as("no open room of its own under the name").isNotDone();
    assertThat(fixture.events.get("alice").alerts).anyMatch(a -> a.contains("zed") && a.contains("without an invitation"));
  }

  @Test
  void aSecondClientWithTheSameIdentity_isRefused_andTheFirstIsTold_neverMerged() throws Exception {
    Path bobDir = configs.resolve("bob");
    fixture.join("alice", "twin");
    fixture.join("bob", "twin", RoomSession.Rules.DEFAULT, true, bobDir);
    RecordingEvents first = fixture.events.get("bob");
    ChatClient firstBob = fixture.clients.get("bob");
    Thread.sleep(ChatRoomFixture.TIMING.keyTimeout().toMillis() + 500); // the first bob is settled in the room
    fixture.join("bob", "twin", RoomSession.Rules.DEFAULT, false, bobDir); // the same --user and config dir
    RecordingEvents second = fixture.events.get("bob");

    assertThat(second.failure.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
        .contains("already in room twin from another client");
    await().atMost(WAIT).until(() -> first.alerts.stream().anyMatch(a -> a.contains("another client with your identity")));
    assertThat(firstBob.say("still the only bob").get()).isPresent();
    await().atMost(WAIT).until(() -> fixture.events.get("alice").messages.contains("bob: still the only bob"));
  }

  @Test
  void aNewcomerOfAnApproveRoom_isToldItWaits_waitsBeyondTheKeyTimeout_andIsLetInOrToldItWasRefused()
      throws Exception {
    fixture.join("alice", "door", rules(RoomSession.Policy.APPROVE), true, null);
    fixture.join("bob", "door", RoomSession.Rules.DEFAULT, false, null);
    RecordingEvents bob = fixture.events.get("bob");
    await().atMost(WAIT).failFast("bob gave up", () -> bob.failure.isDone())
        .until(() -> bob.notices.stream().anyMatch(n -> n.contains("admits by approval")
            && n.contains("alice says your request waits")));
    Thread.sleep(ChatRoomFixture.TIMING.keyTimeout().toMillis() + 1000); // a person takes longer than a key timeout
    assertThat(bob.failure).as("bob still waits").isNotDone();
    assertThat(fixture.clients.get("alice").accept("bob").get()).isTrue();
    bob.keyId.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

    fixture.join("carol", "door", RoomSession.Rules.DEFAULT, false, null);
    RecordingEvents carol = fixture.events.get("carol");
    await().atMost(WAIT).until(() -> fixture.events.get("alice").joinRequests.contains("carol"));
    assertThat(fixture.clients.get("alice").refuse("carol").get()).isTrue();
    assertThat(carol.failure.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
        .contains("alice refused your request to join room door");
    assertThat(carol.keyId).isNotDone();
  }

  private static String real(String body) {
    return body.replaceFirst(".*\"room\":\"([^\"]+)\".*", "$1");
  }

  static RoomSession.Rules rules(RoomSession.Policy policy) {
    return AttackTest.rules(policy, null);
  }

  static RoomSession.Rules withInvitation(String code) throws Exception {
    return AttackTest.rules(RoomSession.Policy.INVITE, chat.client.crypto.Invitation.parse(code));
  }

  /** The relay's own identity, signing a charter, a record and a key of its own making. */
  static final class RelayAdmin {
    final Forger forger = new Forger("relay-admin");
    Forger.Forged forged;

    String replace(String room, String announceBody, String realBody) {
      if (forged == null) {
        forged = forger.roomFor(room, "open", announceBody, false);
      }
      return realBody.contains("\"type\":\"record\"") ? forged.record() : forged.delivery();
    }
  }
}
