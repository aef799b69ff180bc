package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.Signature;
import chat.relay.support.StompTestClient;
import java.lang.reflect.Field;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The library's clients through the real relay on a random port. */
class EndToEndChatTest {

  ChatRoomFixture fixture;
  RelayHarness relay;
  Map<String, ChatClient> clients;
  Map<String, RecordingEvents> events;

  @BeforeEach
  void startRelay() {
    fixture = new ChatRoomFixture();
    relay = fixture.relay;
    clients = fixture.clients;
    events = fixture.events;
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void threeMembersChat_eachMessageReachesTheOtherTwoOnce_aLateJoinerReadsWhatFollows_andTheRelaySeesNoSecret()
      throws Exception {
    for (String name : List.of("alice", "bob", "carol")) {
      join(name, "garden");
    }
    String keyId = fixture.awaitOneKey("alice", "bob", "carol");

    List<String> plaintexts = new ArrayList<>();
    for (String name : List.of("alice", "bob", "carol")) {
      for (int i = 1; i <= 3; i++) {
        String text = "secret-" + name + "-" + i + " ünïcødé";
        plaintexts.add(text);
        assertThat(clients.get(name).say(text).get(5, TimeUnit.SECONDS)).isPresent();
      }
    }
    for (String name : List.of("alice", "bob", "carol")) {
      List<String> expected = new ArrayList<>();
      for (String other : List.of("alice", "bob", "carol")) {
        if (!other.equals(name)) {
          for (int i = 1; i <= 3; i++) {
            expected.add(other + ": secret-" + other + "-" + i + " ünïcødé");
          }
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> events.get(name).messages.size() >= 6);
      Thread.sleep(300);
      assertThat(events.get(name).messages).as(name + " (no echo, no duplicate)").containsExactlyInAnyOrderElementsOf(expected);
    }

    join("dave", "garden");
    assertThat(fixture.awaitOneKey("alice", "bob", "carol", "dave")).as("dave's arrival made a new key").isNotEqualTo(keyId);
    clients.get("alice").say("secret-welcome-dave").get(5, TimeUnit.SECONDS);
    plaintexts.add("secret-welcome-dave");
    await().atMost(Duration.ofSeconds(10)).until(() -> events.get("dave").messages.contains("alice: secret-welcome-dave"));
    assertThat(events.get("dave").messages).containsExactly("alice: secret-welcome-dave");

    assertRelaySawNoSecret(plaintexts);
  }

  @Test
  void corruptTokenAndWrongHash_injectedByARawClient_areDroppedAndCounted_whileTheChatGoesOn() throws Exception {
    join("alice", "den");
    join("bob", "den");
    fixture.awaitOneKey("alice", "bob");
    RoomKey key = clients.get("alice").roomKey().get().orElseThrow();
    long epoch = events.get("bob").epoch;
    EnvelopeCodec codec = new EnvelopeCodec();
    ChatCrypto crypto = ChatCrypto.createDefault();
    ChatContent lie = new ChatContent(3, "den", epoch, "alice", "forged", 99, System.currentTimeMillis(),
        ChatContent.TEXT, null, "send money", ChatCrypto.contentHash("something else"), new Signature("c2ln"));
    try (var mallory = StompTestClient.connected(relay.port, "mallory")) {
      mallory.subscribeAndSettle("den");
      mallory.send("den", new String(codec.encode(new Envelope.Chat("den", epoch, "gAAAAAB-not-a-real-token")),
          java.nio.charset.StandardCharsets.UTF_8));
      mallory.send("den", new String(codec.encode(new Envelope.Chat("den", epoch, crypto.seal(key, codec.encodeContent(lie)))),
          java.nio.charset.StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(10)).until(() -> events.get("bob").dropped.size() >= 2);
      assertThat(events.get("bob").dropped).containsExactly(
          "token rejected (forged, altered, expired or under another key)", "content hash mismatch");
      assertThat(clients.get("bob").droppedCount().get()).isEqualTo(2);

      clients.get("alice").say("chat goes on").get(5, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> events.get("bob").messages.contains("alice: chat goes on"));
      assertThat(events.get("bob").messages).containsExactly("alice: chat goes on");
    }
  }

  private void join(String name, String room) throws Exception {
    fixture.join(name, room);
  }

  private void assertRelaySawNoSecret(List<String> plaintexts) throws Exception {
    RoomKey key = clients.get("alice").roomKey().get().orElseThrow();
    byte[] raw = Base64.getUrlDecoder().decode(key.toFernetString());
    List<String> secrets = new ArrayList<>(plaintexts);
    secrets.add(key.toFernetString());
    secrets.add(Base64.getEncoder().encodeToString(raw));
    secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    secrets.add(HexFormat.of().formatHex(raw));
    for (ChatClient client : clients.values()) {
      byte[] privateKey = privateKeyOf(client).getPrivate().getEncoded();
      secrets.add(Base64.getEncoder().encodeToString(privateKey).substring(40, 120));
      byte[] identityKey = identityPrivateKeyOf(client);
      secrets.add(Base64.getEncoder().encodeToString(identityKey));
      secrets.add(HexFormat.of().formatHex(identityKey));
    }
    List<String> frames = relay.wire.all();
    assertThat(frames).as("the recorder saw the chat").anyMatch(f -> f.contains("\"type\":\"chat\""));
    for (String secret : secrets) {
      assertThat(frames).as("no frame holds a secret").noneMatch(f -> f.contains(secret));
    }
  }

  private static byte[] identityPrivateKeyOf(ChatClient client) throws Exception {
    Field identity = ChatClient.class.getDeclaredField("identity");
    identity.setAccessible(true);
    java.lang.reflect.Method raw = chat.client.crypto.IdentityKeys.class.getDeclaredMethod("privateKeyBytes");
    raw.setAccessible(true);
    return (byte[]) raw.invoke(identity.get(client));
  }

  private static KeyPair privateKeyOf(ChatClient client) throws Exception {
    Field keys = ChatClient.class.getDeclaredField("keys");
    keys.setAccessible(true);
    Field pair = chat.client.crypto.MemberKeys.class.getDeclaredField("pair");
    pair.setAccessible(true);
    return (KeyPair) pair.get(keys.get(client));
  }
}
