package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.IdentityKeys;
import chat.client.crypto.Invitation;
import chat.client.crypto.Purpose;
import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.ProtocolException;
import chat.client.protocol.Signature;
import chat.client.session.RoomSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay that lies, replays and injects (AdversarialRelay on the real relay), against the real
 * client code: one test per attack, each asserting the safe outcome.
 */
class AttackTest {

  static final Duration WAIT = Duration.ofSeconds(15);

  final EnvelopeCodec codec = new EnvelopeCodec();
  final ChatCrypto crypto = ChatCrypto.createDefault();
  ChatRoomFixture fixture;
  Map<String, ChatClient> clients;
  Map<String, RecordingEvents> events;
  RelayHarness relay;

  @TempDir
  Path configs;

  @BeforeEach
  void start() {
    fixture = new ChatRoomFixture();
    clients = fixture.clients;
    events = fixture.events;
    relay = fixture.relay;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void relayInjectsAFakeNewcomerInAnInviteRoom_noKeyIsWrappedForIt_andTheMembersReportIt() throws Exception {
    join("alice", "inv", rules(RoomSession.Policy.INVITE, null), true);
    String code = clients.get("alice").invite().get();
    join("bob", "inv", rules(RoomSession.Policy.INVITE, Invitation.parse(code)), true);

    Eve eve = new Eve();
    // (a frame bob sent, as the template: the hook also sees alice's own frames, which the relay's no-echo then drops)
    AdversarialRelay.Delivered template = relay.adversary.lastTo("alice", "\"member\":\"bob\"");
    relay.adversary.inject(template, eve.announce("inv", "eve", null, null));
    Invitation stolen = Invitation.parse(code); // the relay saw bob use it; it still lacks nothing but the secret's owner
    relay.adversary.inject(template, eve.announce("inv", "eve2", stolen.id(), "Zm9yZ2Vk"));
    await().atMost(WAIT).until(() -> events.get("alice").alerts.size() >= 2);
    assertThat(events.get("alice").alerts.get(0)).contains("eve", "without an invitation");
    assertThat(events.get("alice").alerts.get(1)).contains("eve2", "without its secret");

    // The relay swaps the inviter's key delivery to a new invitee for its own.
    String carolCode = clients.get("alice").invite().get();
    relay.adversary.rewrite = (to, body) -> to.equals("carol") && (body.contains("\"type\":\"key\"")
        || body.contains("\"type\":\"record\"")) && body.contains("carol")
        ? eve.replace("inv", relay.adversary.lastTo("alice", "\"member\":\"carol\"").body(), body) : body;
    join("carol", "inv", rules(RoomSession.Policy.INVITE, Invitation.parse(carolCode)), false);
    assertThat(events.get("carol").failure.get(20, TimeUnit.SECONDS)).contains("no room key arrived from the inviter");
    assertThat(events.get("carol").alerts).anyMatch(a -> a.contains("refused a room key from eve"));
    assertThat(events.get("carol").keyId).isNotDone();

    Thread.sleep(1000);
    assertThat(relay.wire.received).noneMatch(f -> f.contains("\"type\":\"key\"") && f.contains("\"to\":\"eve"));
  }

  @Test
  void relaySubstitutesAMembersAnnouncedKey_theVerifiedMembersChangeIsFlagged_andNoKeyIsDelivered() throws Exception {
    join("alice", "sub", rules(RoomSession.Policy.OPEN, null), true);
    Path bobDir = configs.resolve("bob");
    join("bob", "sub", rules(RoomSession.Policy.OPEN, null), true, bobDir);
    ChatClient bob = clients.remove("bob");
    assertThat(clients.get("alice").verify("bob", bob.fingerprint())).isTrue();
    bob.close();
    await().atMost(WAIT).until(() -> !events.get("alice").notices.isEmpty() || events.get("alice").epoch > 1);

    Eve eve = new Eve();
    relay.adversary.rewrite = (to, body) -> to.equals("alice") && body.contains("\"type\":\"announce\"")
        && body.contains("\"member\":\"bob\"") ? eve.announce("sub", "bob", null, null) : body;
    long keysToBobBefore = keyDeliveriesTo("bob");
    join("bob", "sub", rules(RoomSession.Policy.OPEN, null), false, bobDir);
    await().atMost(WAIT).until(() -> !events.get("alice").identityChanges.isEmpty());
    assertThat(events.get("alice").identityChanges).containsExactly("bob (was verified)");
    Thread.sleep(1500);
    assertThat(keyDeliveriesTo("bob")).isEqualTo(keysToBobBefore);
  }

  @Test
  void relayModifiesTruncatesOrForgesTheSender_allDroppedAndCounted_nothingWrongShown() throws Exception {
    join("alice", "tam", rules(RoomSession.Policy.OPEN, null), true);
    join("bob", "tam", rules(RoomSession.Policy.OPEN, null), true);
    join("mallory", "tam", rules(RoomSession.Policy.OPEN, null), true);
    AtomicInteger chats = new AtomicInteger();
    relay.adversary.rewrite = (to, body) -> {
      if (!to.equals("bob") || !body.contains("\"type\":\"chat\"")) {
        return body;
      }
      int start = body.indexOf("\"token\":\"") + 9;
      return switch (chats.incrementAndGet()) {
        case 1 -> { // one character in the middle of the ciphertext changed
          int at = start + 60;
          yield body.substring(0, at) + (body.charAt(at) == 'A' ? 'B' : 'A') + body.substring(at + 1);
        }
        case 2 -> body.substring(0, start + 40) + body.substring(body.indexOf('"', start)); // truncated
        default -> body;
      };
    };
    for (String text : List.of("m1", "m2", "m3")) {
      clients.get("alice").say(text).get();
    }
    await().atMost(WAIT).until(() -> events.get("bob").messages.contains("alice: m3")); // before injecting: order matters
    // mallory holds the room key but not alice's identity key: she cannot put words in alice's mouth
    RoomKey key = clients.get("mallory").roomKey().get().orElseThrow();
    long epoch = clients.get("mallory").epoch().get();
    IdentityKeys malloryIdentity = crypto.newIdentity();
    ChatContent forged = new ChatContent(3, "tam", epoch, "alice", "forged-1", 77, System.currentTimeMillis(),
        ChatContent.TEXT, null, "alice agrees to pay", ChatCrypto.contentHash("alice agrees to pay"), null);
    forged = forged.withSignature(Signature.of(crypto.sign(malloryIdentity, Purpose.CHAT, forged.signedParts(null))));
    relay.adversary.inject(relay.adversary.lastTo("bob", "\"type\":\"chat\""), new String(codec.encode(
        new Envelope.Chat("tam", epoch, crypto.seal(key, codec.encodeContent(forged)))), StandardCharsets.UTF_8));

    await().atMost(WAIT).untilAsserted(() -> assertThat(events.get("bob").dropped).containsExactly(
        "token rejected (forged, altered, expired or under another key)",
        "token rejected (forged, altered, expired or under another key)",
        "message with a bad signature (claims to be from alice)"));
    assertThat(events.get("bob").messages).containsExactly("alice: m3");
    assertThat(clients.get("bob").droppedCount().get()).isEqualTo(3);
  }

  @Test
  void relayReplaysAMessage_orAKeyDeliveryFromAnotherEpochOrRoom_allDropped() throws Exception {
    join("alice", "rep", rules(RoomSession.Policy.OPEN, null), true);
    join("bob", "rep", rules(RoomSession.Policy.OPEN, null), true);
    fixture.awaitOneKey("alice", "bob");
    AdversarialRelay.Delivered firstRecordToBob = relay.adversary.lastTo("bob", "\"type\":\"record\"");
    clients.get("alice").say("only once").get();
    await().atMost(WAIT).until(() -> events.get("bob").messages.contains("alice: only once"));
    AdversarialRelay.Delivered chat = relay.adversary.lastTo("bob", "\"type\":\"chat\"");
    relay.adversary.inject(chat, chat.body());
    await().atMost(WAIT).until(() -> events.get("bob").dropped.stream().anyMatch(d -> d.startsWith("replayed message")));
    assertThat(events.get("bob").messages).containsExactly("alice: only once");

    // new epochs (carol comes and goes), then bob's first record again
    long before = events.get("bob").epoch;
    join("carol", "rep", rules(RoomSession.Policy.OPEN, null), true);
    clients.remove("carol").close();
    await().atMost(WAIT).until(() -> events.get("bob").epoch == before + 2 && events.get("alice").epoch == before + 2);
    relay.adversary.inject(chat, firstRecordToBob.body());
    await().atMost(WAIT).until(() -> events.get("bob").dropped.stream()
        .anyMatch(d -> d.startsWith("stale membership record for epoch " + before)));

    // a key delivery made for bob in another room
    join("bob-elsewhere", "other", rules(RoomSession.Policy.OPEN, null), true);
    join("dora", "other", rules(RoomSession.Policy.OPEN, null), true);
    String otherRoomRecord = relay.adversary.lastTo("dora", "\"type\":\"record\"").body();
    relay.adversary.inject(chat, otherRoomRecord);
    relay.adversary.inject(chat, otherRoomRecord.replace("\"room\":\"other\"", "\"room\":\"rep\""));
    await().atMost(WAIT).until(() -> events.get("bob").dropped.contains("envelope for another room")
        && events.get("bob").dropped.stream().anyMatch(d -> d.startsWith("membership record for epoch")
            && d.contains("bad signature")));
    assertThat(events.get("bob").epoch).isEqualTo(before + 2);
  }

  @Test
  void aDepartedMembersKeyReadsNothingSentAfterItLeft_andAKickedMemberKeptSubscribedReadsNothingNew() throws Exception {
    join("alice", "dep", rules(RoomSession.Policy.OPEN, null), true);
    join("bob", "dep", rules(RoomSession.Policy.OPEN, null), true);
    join("dave", "dep", rules(RoomSession.Policy.OPEN, null), true);
    join("carol", "dep", rules(RoomSession.Policy.OPEN, null), true);
    fixture.awaitOneKey("alice", "bob", "dave", "carol");
    RoomKey davesKey = clients.get("dave").roomKey().get().orElseThrow();
    long withDave = events.get("alice").epoch;
    clients.remove("dave").close();
    await().atMost(WAIT).until(() -> events.get("alice").epoch == withDave + 1 && events.get("bob").epoch == withDave + 1);

    int before = relay.wire.received.size();
    clients.get("alice").say("after dave left").get();
    await().atMost(WAIT).until(() -> events.get("bob").messages.contains("alice: after dave left"));
    List<String> tokens = chatTokens(relay.wire.received.subList(before, relay.wire.received.size()));
    assertThat(tokens).isNotEmpty();
    for (String token : tokens) {
      assertThat(opens(davesKey, token)).as("dave's old key opens a message sent after he left").isFalse();
    }

    // alice created the room: she removes carol, who stays subscribed through the relay
    assertThat(clients.get("alice").kick("carol").get()).isTrue();
    await().atMost(WAIT).until(() -> events.get("bob").epoch == withDave + 2);
    clients.get("alice").say("after carol was removed").get();
    await().atMost(WAIT).until(() -> events.get("bob").messages.contains("alice: after carol was removed"));
    Thread.sleep(1500);
    assertThat(events.get("carol").messages).doesNotContain("alice: after carol was removed");
    assertThat(events.get("carol").alerts).anyMatch(a -> a.contains("you were removed"));
    assertThat(events.get("carol").epoch).isEqualTo(withDave + 1);
  }

  @Test
  void relayDropsTheRekeyToOneMember_itNoticesItIsBehind_asksAgain_andRecovers() throws Exception {
    for (String name : List.of("alice", "bob", "carol", "dave")) {
      join(name, "drop", rules(RoomSession.Policy.OPEN, null), true);
    }
    fixture.awaitOneKey("alice", "bob", "carol", "dave");
    long before = events.get("alice").epoch;
    AtomicBoolean droppedOnce = new AtomicBoolean();
    relay.adversary.rewrite = (to, body) -> to.equals("carol") && body.contains("\"type\":\"key\"")
        && body.contains("\"to\":\"carol\"") && body.contains("\"epoch\":" + (before + 1))
        && droppedOnce.compareAndSet(false, true) ? null : body;
    assertThat(clients.get("alice").kick("dave").get()).isTrue(); // alice made the room: she makes the next epoch
    await().atMost(WAIT).until(() -> events.get("alice").epoch == before + 1 && events.get("bob").epoch == before + 1
        && droppedOnce.get());
    assertThat(events.get("carol").epoch).isEqualTo(before);

    clients.get("alice").say("first in the new epoch").get();
    await().atMost(WAIT).until(() -> events.get("carol").epoch == before + 1);
    assertThat(events.get("carol").dropped).anyMatch(d -> d.contains("asking for the key again"));
    clients.get("alice").say("second in the new epoch").get();
    await().atMost(WAIT).until(() -> events.get("carol").messages.contains("alice: second in the new epoch"));
  }

  // --- helpers ------------------------------------------------------------------------------

  static RoomSession.Rules rules(RoomSession.Policy policy, Invitation invitation) {
    return new RoomSession.Rules(policy, invitation, 500, Duration.ofMinutes(30), Duration.ofSeconds(30));
  }

  void join(String name, String room, RoomSession.Rules rules, boolean awaitKey) throws Exception {
    join(name, room, rules, awaitKey, null);
  }

  void join(String name, String room, RoomSession.Rules rules, boolean awaitKey, Path configDir) throws Exception {
    fixture.join(name, room, rules, awaitKey, configDir);
  }

  long keyDeliveriesTo(String member) {
    return relay.wire.received.stream().filter(f -> f.contains("\"type\":\"key\"") && f.contains("\"to\":\"" + member + "\""))
        .count();
  }

  List<String> chatTokens(List<String> frames) throws ProtocolException {
    List<String> tokens = new ArrayList<>();
    for (String frame : frames) {
      int body = frame.indexOf("\n\n");
      if (frame.startsWith("SEND") && frame.contains("\"type\":\"chat\"")) {
        String json = frame.substring(body + 2, frame.indexOf('\0') < 0 ? frame.length() : frame.indexOf('\0'));
        tokens.add(((Envelope.Chat) codec.decode(json.getBytes(StandardCharsets.UTF_8))).token());
      }
    }
    return tokens;
  }

  boolean opens(RoomKey key, String token) {
    try {
      crypto.open(key, token);
      return true;
    } catch (CryptoException e) {
      return false;
    }
  }

  /** The relay's own identity: it can sign, but only as itself. */
  static final class Eve {
    final Forger forger = new Forger("eve");
    Forger.Forged forged;

    String announce(String room, String member, String invitationId, String proof) {
      return forger.announce(room, member, invitationId, proof);
    }

    /** In place of the real record or key for {@code to}: eve's own room, letting {@code to} in with eve's key. */
    String replace(String room, String toAnnounce, String realBody) {
      if (forged == null) {
        forged = forger.roomFor(room, "invite", toAnnounce, false);
      }
      return realBody.contains("\"type\":\"record\"") ? forged.record() : forged.delivery();
    }
  }
}
