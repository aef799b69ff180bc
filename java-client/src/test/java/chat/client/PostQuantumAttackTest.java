package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.client.crypto.AnnouncedKey;
import chat.client.crypto.ChatCrypto;
import chat.client.session.RoomSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A relay that tries to take the post-quantum half away, through the real relay with a
 * man-in-the-middle hook (docs/PROTOCOL.md, "Hybrid key delivery"): each attempt is refused and
 * said, never a silent downgrade to RSA alone.
 */
class PostQuantumAttackTest {

  static final Duration WAIT = Duration.ofSeconds(20);
  static final ObjectMapper JSON = new ObjectMapper();
  static final RoomSession.Rules RSA = RoomSession.Rules.DEFAULT.withProtection(RoomSession.KeyProtection.RSA);
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
  void theRelayStripsTheMlKemHalfOfAnAnnounce_theAnnounceFailsItsSignature_andNoKeyGoesOutForIt() throws Exception {
    fixture.join("alice", "pq");
    fixture.relay.adversary.rewrite = (to, body) -> to.equals("alice") && body.contains("\"type\":\"announce\"")
        && body.contains("\"member\":\"bob\"") ? withPublicKey(body, rsaHalf(body)) : body;
    fixture.join("bob", "pq", RoomSession.Rules.DEFAULT, false, null);

    await().atMost(WAIT).until(() -> fixture.events.get("alice").dropped.stream().anyMatch(d -> d.contains("bob")));
    assertThat(fixture.events.get("alice").dropped).anyMatch(d -> d.contains("bad signature from bob"));
    Thread.sleep(3000); // time for a key to go out, were one to be made
    // alice never answers the altered announce; bob, hearing nobody, may start a room of his own, never alice's
    assertThat(fixture.events.get("bob").currentKeyId).as("bob never holds alice's room key")
        .isNotEqualTo(fixture.events.get("alice").currentKeyId);
    assertThat(fixture.relay.wire.received).noneMatch(f -> f.contains("\"type\":\"key\"") && f.contains("\"to\":\"bob\""));
  }

  @Test
  void theRelaySwapsAHybridDeliveryForAnRsaOnlyOne_theNewcomerRefusesIt_andSaysWhy() throws Exception {
    fixture.join("alice", "pq");
    ChatCrypto relaysCrypto = ChatCrypto.createDefault();
    fixture.relay.adversary.rewrite = (to, body) -> {
      if (!to.equals("bob") || !body.contains("\"type\":\"key\"") || !body.contains("\"to\":\"bob\"")) {
        return body;
      }
      // what the relay can make: an RSA-OAEP wrap (of a key of its own) for bob's announced RSA key
      String announce = fixture.relay.adversary.lastTo("alice", "\"member\":\"bob\"").body();
      return withWrapForBob(body, rsaOnlyWrap(relaysCrypto, announce));
    };
    fixture.join("bob", "pq", RoomSession.Rules.DEFAULT, false, null);

    String failure = fixture.events.get("bob").failure.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(failure).contains("could not be unwrapped").contains("hybrid delivery");
    assertThat(fixture.events.get("bob").keyId).isNotDone();
  }

  @Test
  void aClientForcedToRsa_isNotLetIntoAHybridRoom_andBothSidesSayWhy_whileAnRsaRoomTakesAHybridClient()
      throws Exception {
    fixture.join("alice", "pq");
    fixture.join("carol", "pq", RSA, false, null);
    String failure = fixture.events.get("carol").failure.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(failure).contains("requires hybrid").contains("--key-protection rsa");
    assertThat(fixture.events.get("alice").alerts).anyMatch(a -> a.contains("carol") && a.contains("no post-quantum key"));

    fixture.join("dave", "classic", RSA, true, null);
    fixture.join("erin", "classic"); // hybrid-capable: let into the original design's room
    fixture.awaitOneKey("dave", "erin");
    fixture.clients.get("dave").say("hello erin").get(5, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> fixture.events.get("erin").messages.contains("dave: hello erin"));
  }

  private static String rsaHalf(String announceBody) {
    try {
      byte[] announced = Base64.getDecoder().decode(JSON.readTree(announceBody).path("publicKey").asText());
      return Base64.getEncoder().encodeToString(AnnouncedKey.parse(announced).rsaDer());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String withPublicKey(String announceBody, String publicKey) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(announceBody);
      node.put("publicKey", publicKey);
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String rsaOnlyWrap(ChatCrypto crypto, String bobsAnnounce) {
    try {
      byte[] rsa = Base64.getDecoder().decode(rsaHalf(bobsAnnounce));
      return Base64.getEncoder().encodeToString(crypto.wrapRoomKey(crypto.newRoomKey(), rsa));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String withWrapForBob(String deliveryBody, String wrappedKey) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(deliveryBody);
      for (var wrap : (ArrayNode) node.path("wraps")) {
        if ("bob".equals(wrap.path("to").asText())) {
          ((ObjectNode) wrap).put("wrappedKey", wrappedKey);
        }
      }
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
