package chat.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.Purpose;
import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.Signature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomSessionTest {

  final InMemoryRoom room = new InMemoryRoom();

  @AfterEach
  void close() {
    room.close();
  }

  @Test
  void firstMemberAlone_createsTheKey_andTheNextOneReceivesIt() {
    room.join("alice");
    awaitKeyed("alice");
    room.join("bob");
    awaitKeyed("bob");
    assertThat(listener("bob").currentKeyId).isEqualTo(listener("alice").currentKeyId);
  }

  @Test
  void twoNewcomersRacingInAnEmptyRoom_convergeOnOneKey() {
    room.join("zed");
    room.join("amy");
    awaitKeyed("zed");
    awaitKeyed("amy");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(listener("zed").currentKeyId).isEqualTo(listener("amy").currentKeyId));
    assertThat(room.sent.stream().filter(s -> s.envelope() instanceof Envelope.KeyDelivery)).hasSize(1);
  }

  @Test
  void aNewcomerIsAnsweredExactlyOnce_byOneOfSeveralKeyedMembers() throws Exception {
    for (String name : new String[] {"alice", "bob", "carol", "dave"}) {
      room.join(name);
      awaitKeyed(name);
    }
    room.join("erin");
    awaitKeyed("erin");
    Thread.sleep(1500); // longer than every fallback step: nobody else answers late
    assertThat(room.deliveriesTo("erin")).isEqualTo(1);
  }

  @Test
  void whenTheChosenMemberIsSilent_thenTheNextOneAnswers() {
    room.join("alice");
    awaitKeyed("alice");
    room.join("bob");
    awaitKeyed("bob");
    room.muted.add("alice");
    room.join("carol");
    awaitKeyed("carol");
    room.muted.clear();
    room.muted.add("bob");
    room.join("dan");
    awaitKeyed("dan");
  }

  @Test
  void chatMessages_areReadByOthers_andTamperedOnesDroppedAndCounted() throws Exception {
    room.join("alice");
    awaitKeyed("alice");
    room.join("bob");
    awaitKeyed("bob");
    room.members.get("alice").say("hello bob").get();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").messages.contains("alice: hello bob"));

    RoomKey key = room.members.get("alice").roomKey().get().orElseThrow();
    long epoch = room.members.get("alice").epoch().get(); // bob's arrival made a new one
    ChatContent wrongHash = signedByAlice(new ChatContent(3, InMemoryRoom.ROOM, epoch, "alice", "m1", 90, 0,
        ChatContent.TEXT, null, "pay mallory", "00".repeat(32), null));
    ChatContent otherRoom = signedByAlice(new ChatContent(3, "elsewhere", epoch, "alice", "m2", 91, 0, ChatContent.TEXT,
        null, "hi", ChatCrypto.contentHash("hi"), null));
    ChatContent forgedAuthor = new ChatContent(3, InMemoryRoom.ROOM, epoch, "alice", "m3", 92, 0, ChatContent.TEXT, null,
        "I owe mallory", ChatCrypto.contentHash("I owe mallory"), Signature.of(room.crypto.sign(room.crypto.newIdentity(),
        Purpose.CHAT, "anything")));
    for (ChatContent c : List.of(wrongHash, otherRoom, forgedAuthor)) {
      room.inject("mallory", room.codec.encode(new Envelope.Chat(InMemoryRoom.ROOM, epoch,
          room.crypto.seal(key, room.codec.encodeContent(c)))));
    }
    room.inject("mallory", room.codec.encode(new Envelope.Chat(InMemoryRoom.ROOM, epoch, "gAAAAABnot-a-token")));
    room.inject("mallory", "{not json".getBytes());

    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").dropped.size() == 5);
    assertThat(listener("bob").dropped).containsExactly("content hash mismatch", "message sealed for another room",
        "message with a bad signature (claims to be from alice)",
        "token rejected (forged, altered, expired or under another key)", "malformed envelope: envelope is not JSON");
    assertThat(room.members.get("bob").droppedCount().get()).isEqualTo(5);
    assertThat(listener("bob").messages).containsExactly("alice: hello bob");
  }

  @Test
  void twoRecordsMadeForOneEpochAtOnce_everyMemberConvergesOnOne_andTheForkIsHealed() throws Exception {
    room.join("alice");
    awaitKeyed("alice");
    room.join("bob");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").epoch == 2 && listener("alice").epoch == 2);
    Thread.sleep(3200); // alice has been quiet long enough that bob, next in line, stands in for her
    room.delayed.add("alice"); // alice's link is slow: bob does not see her record in time and makes his own
    room.join("carol");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("alice").epoch == 3 && listener("bob").epoch == 3);
    room.release("alice");

    await().atMost(Duration.ofSeconds(5)).until(() -> Stream.of("alice", "bob", "carol")
        .map(n -> listener(n).currentKeyId).distinct().count() == 1);
    assertThat(listener("carol").epoch).isEqualTo(3);
    room.members.get("carol").say("one room again").get();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("alice").messages.contains("carol: one room again")
        && listener("bob").messages.contains("carol: one room again"));
    assertThat(Stream.of("alice", "bob", "carol").flatMap(n -> listener(n).notices.stream()))
        .anyMatch(n -> n.contains("two records were made for epoch 3 at once"));
  }

  @Test
  void aJoinCarriesTheNewKeyUnderTheOldOne_butALeaveOrRemovalNeverDoes_soTheDepartedKeyOpensNothingNew()
      throws Exception {
    room.join("alice");
    awaitKeyed("alice");
    room.join("bob");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").epoch == 2 && listener("alice").epoch == 2);
    room.join("carol");
    await().atMost(Duration.ofSeconds(5)).until(() -> Stream.of("alice", "bob", "carol")
        .allMatch(n -> listener(n).epoch == 3));
    RoomKey carolsKey = room.members.get("carol").roomKey().get().orElseThrow();
    assertThat(deliveriesFor(3)).as("bob got epoch 3 under epoch 2's key, carol by RSA")
        .anyMatch(k -> k.carried() != null).anyMatch(k -> k.wrapFor("carol").isPresent())
        .noneMatch(k -> k.wrapFor("bob").isPresent());

    assertThat(room.members.get("alice").kick("carol").get()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").epoch == 4);
    // nothing carried under a key carol holds, and nothing wrapped for her
    assertThat(deliveriesFor(4)).isNotEmpty().allMatch(k -> k.carried() == null).allMatch(k -> k.wrapFor("carol").isEmpty());
    assertThat(room.members.get("bob").roomKey().get().orElseThrow()).isNotEqualTo(carolsKey);
  }

  private List<Envelope.KeyDelivery> deliveriesFor(long epoch) {
    return room.sent.stream().map(InMemoryRoom.Sent::envelope).filter(e -> e instanceof Envelope.KeyDelivery k
        && k.epoch() == epoch).map(e -> (Envelope.KeyDelivery) e).toList();
  }

  @Test
  void aNewcomerOfARoomItNeverHeld_takesNothingFromARecordThatDoesNotLetItIn() throws Exception {
    room.join("alice");
    awaitKeyed("alice");
    room.delayed.add("alice"); // the forged record reaches bob before alice lets him in
    room.join("bob");
    await().atMost(Duration.ofSeconds(5)).until(() -> room.sent.stream().anyMatch(x -> x.from().equals("bob")));
    room.inject("mallory", new chat.client.Forger("mallory").removalOf(InMemoryRoom.ROOM, "alice")
        .getBytes(StandardCharsets.UTF_8));
    Thread.sleep(200);
    room.release("alice");
    awaitKeyed("bob");
    room.members.get("alice").say("still here").get();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").messages.contains("alice: still here"));
    assertThat(listener("bob").dropped).noneMatch(d -> d.contains("removed"));
  }

  @Test
  void aLeaveTheRelayMadeUp_costsARecord_andTheMemberLeftOutIsLetBackWhenItAsks() throws Exception {
    room.join("alice");
    awaitKeyed("alice");
    room.join("bob");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").epoch == 2 && listener("alice").epoch == 2);
    room.members.get("alice").memberLeft("bob"); // the relay's claim; bob is still here

    // alice writes a record without bob; bob sees it, says so, asks again, and is let back
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").notices.stream()
        .anyMatch(n -> n.contains("does not list this client: asking to be let in again")));
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").epoch == 4 && listener("alice").epoch == 4);
    room.members.get("bob").say("still here").get();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("alice").messages.contains("bob: still here"));
    assertThat(room.members.get("alice").members().get()).extracting(Roster.Member::name).containsExactly("bob");
  }

  @Test
  void anUnusableWrappedKey_failsTheKeyExchangeWithAReason() {
    room.join("alice");
    awaitKeyed("alice");
    room.muted.add("alice");
    room.filter = e -> true;
    room.join("bob");
    // A malicious member with a valid identity and charter sends bob garbage in place of a wrapped key.
    await().atMost(Duration.ofSeconds(5)).until(() -> room.sent.stream().anyMatch(x -> x.from().equals("bob")));
    String bobAnnounce = new String(room.codec.encode(room.sent.stream().filter(x -> x.from().equals("bob")
        && x.envelope() instanceof Envelope.Announce).findFirst().orElseThrow().envelope()), StandardCharsets.UTF_8);
    chat.client.Forger.Forged forged = new chat.client.Forger("mallory").roomFor(InMemoryRoom.ROOM, "open", bobAnnounce,
        true);
    room.inject("mallory", forged.record().getBytes(StandardCharsets.UTF_8));
    room.inject("mallory", forged.delivery().getBytes(StandardCharsets.UTF_8));
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").failure.isDone());
    assertThat(listener("bob").failure.getNow(null)).contains("could not be unwrapped");
  }

  @Test
  void membersPresentButNoKey_failsAfterTheTimeout_insteadOfSplittingTheRoom() throws Exception {
    room.join("alice");
    awaitKeyed("alice");
    room.filter = e -> !(e instanceof Envelope.KeyDelivery);
    room.join("bob");
    room.members.get("alice").say("still here").get(); // shows bob that a keyed member is present
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("bob").failure.isDone());
    assertThat(listener("bob").failure.getNow(null)).contains("no room key arrived");
    assertThat(listener("bob").keyId).isNotDone();
  }

  @Test
  void inAnApproveRoom_aNewcomerWhoAnnouncedWhileTheCreatorWasJoining_isStillAskedAbout() throws Exception {
    RoomSession.Rules approve = new RoomSession.Rules(RoomSession.Policy.APPROVE, null, 500, Duration.ofMinutes(30),
        Duration.ofSeconds(30));
    room.join("alice", approve);
    room.join("bob", approve); // announces during alice's join wait; alice's smaller name makes her the creator
    awaitKeyed("alice");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("alice").joinRequests.contains("bob"));
    assertThat(listener("bob").keyId).isNotDone();
    assertThat(room.members.get("alice").accept("bob").get()).isTrue();
    awaitKeyed("bob");
  }

  @Test
  void afterNMessages_theRoomMovesToANewEpoch_andMessagesKeepFlowing() throws Exception {
    RoomSession.Rules everyThree = new RoomSession.Rules(RoomSession.Policy.OPEN, null, 3, Duration.ofMinutes(30),
        Duration.ofSeconds(30));
    room.join("alice", everyThree);
    awaitKeyed("alice");
    room.join("bob", everyThree);
    awaitKeyed("bob");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("alice").epoch == 2 && listener("bob").epoch == 2);
    for (int i = 1; i <= 3; i++) {
      room.members.get("alice").say("m" + i).get();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> listener("alice").epoch == 3 && listener("bob").epoch == 3);
    room.members.get("bob").say("in epoch 3").get();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener("alice").messages.contains("bob: in epoch 3"));
    assertThat(listener("bob").messages).containsExactly("alice: m1", "alice: m2", "alice: m3");
  }

  @Test
  void afterTheRekeyInterval_theRoomMovesToANewEpoch_andMembersAgreeOnIt() {
    RoomSession.Rules everyTwoSeconds = new RoomSession.Rules(RoomSession.Policy.OPEN, null, 500, Duration.ofSeconds(2),
        Duration.ofSeconds(30));
    room.join("alice", everyTwoSeconds);
    awaitKeyed("alice");
    room.join("bob", everyTwoSeconds);
    awaitKeyed("bob");
    // epochs keep advancing every 2 s: wait for a moment when both are past the first and agree
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
      assertThat(listener("alice").epoch).isGreaterThanOrEqualTo(2);
      assertThat(listener("bob").epoch).isEqualTo(listener("alice").epoch);
      assertThat(listener("bob").currentKeyId).isEqualTo(listener("alice").currentKeyId);
    });
  }

  private ChatContent signedByAlice(ChatContent unsigned) {
    return unsigned.withSignature(Signature.of(room.crypto.sign(room.credentials.get("alice").identity(), Purpose.CHAT,
        unsigned.signedParts(null))));
  }

  private chat.client.RecordingEvents listener(String name) {
    return room.listeners.get(name);
  }

  private void awaitKeyed(String name) {
    await().atMost(Duration.ofSeconds(10)).until(() -> listener(name).keyId.isDone());
  }
}
