package chat.client.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeCodecTest {

  final EnvelopeCodec codec = new EnvelopeCodec();

  @Test
  void everyEnvelopeType_roundTrips() throws Exception {
    List<Envelope> envelopes = List.of(
        new Envelope.Announce("lobby", "bob", "TUlJQg=="),
        new Envelope.KeyDelivery("lobby", "alice", "bob", "0011223344556677", "d3JhcHBlZA==", List.of("alice", "carol")),
        new Envelope.Chat("lobby", "gAAAAABtoken"));
    for (Envelope e : envelopes) {
      assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
    }
  }

  @Test
  void chatContent_roundTrips() throws Exception {
    ChatContent content = new ChatContent(1, "lobby", "bob", "id-1", 1234L, "hi \"there\" ✓", "ab".repeat(32));
    assertThat(codec.decodeContent(codec.encodeContent(content))).isEqualTo(content);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "[]", "null", "{", "{\"v\":2,\"type\":\"chat\",\"room\":\"r\",\"token\":\"t\"}",
      "{\"v\":1,\"type\":\"shout\",\"room\":\"r\"}",
      "{\"v\":1,\"type\":\"chat\",\"room\":\"r\"}",
      "{\"v\":1,\"type\":\"chat\",\"room\":\"r\",\"token\":5}",
      "{\"v\":1,\"type\":\"chat\",\"room\":\"\",\"token\":\"t\"}",
      "{\"v\":1,\"type\":\"key\",\"room\":\"r\",\"from\":\"a\",\"to\":\"b\",\"keyId\":\"k\",\"wrappedKey\":\"w\"}",
      "{\"v\":1,\"type\":\"key\",\"room\":\"r\",\"from\":\"a\",\"to\":\"b\",\"keyId\":\"k\",\"wrappedKey\":\"w\",\"members\":[1]}",
      "{\"v\":1,\"type\":\"announce\",\"room\":\"r\",\"member\":\"a-name-that-is-much-longer-than-32-chars\",\"publicKey\":\"k\"}"})
  void malformedEnvelopes_areRefused(String body) {
    assertThatThrownBy(() -> codec.decode(body.getBytes(StandardCharsets.UTF_8))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void oversizedEnvelopes_areRefusedBeforeParsing() {
    byte[] huge = new byte[Envelope.MAX_ENVELOPE_BYTES + 1];
    assertThatThrownBy(() -> codec.decode(huge)).isInstanceOf(ProtocolException.class).hasMessageContaining("larger");
  }

  @Test
  void chatEnvelope_neverPrintsItsToken() {
    assertThat(new Envelope.Chat("lobby", "gAAAAABsecret").toString()).doesNotContain("gAAAAABsecret");
    assertThat(new ChatContent(1, "r", "a", "i", 0, "the plaintext", "h").toString()).doesNotContain("the plaintext");
  }
}
