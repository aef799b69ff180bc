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
    Envelope.Charter charter = new Envelope.Charter("lobby", "invite", "alice", "SUQ=", "c2ln");
    List<Envelope> envelopes = List.of(
        new Envelope.Announce("lobby", "bob", "TUlJQg==", "SUQ=", null, null, "c2ln"),
        new Envelope.Announce("lobby", "bob", "TUlJQg==", "SUQ=", "0011", "cHJvb2Y=", "c2ln"),
        new Envelope.KeyDelivery("lobby", "alice", "SUQ=", "bob", "ab12", 3, "0011223344556677", "d3JhcHBlZA==",
            List.of(new Envelope.MemberInfo("carol", "SUQ=", "TUlJQg==")), charter, "c2ln"),
        new Envelope.Chat("lobby", 3, "gAAAAABtoken"),
        new Envelope.Direct("lobby", "bob", "d3JhcHBlZA==", "gAAAAABtoken"));
    for (Envelope e : envelopes) {
      assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
    }
  }

  @Test
  void chatContent_roundTrips() throws Exception {
    ChatContent content = new ChatContent(2, "lobby", 4, "bob", "id-1", 7, 1234L, ChatContent.TEXT, null,
        "hi \"there\" ✓", "ab".repeat(32), "c2ln");
    assertThat(codec.decodeContent(codec.encodeContent(content))).isEqualTo(content);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "[]", "null", "{", "{\"v\":1,\"type\":\"chat\",\"room\":\"r\",\"epoch\":1,\"token\":\"t\"}",
      "{\"v\":2,\"type\":\"chat\",\"room\":\"r\",\"epoch\":-1,\"token\":\"t\"}",
      "{\"v\":2,\"type\":\"shout\",\"room\":\"r\"}",
      "{\"v\":2,\"type\":\"chat\",\"room\":\"r\"}",
      "{\"v\":2,\"type\":\"chat\",\"room\":\"r\",\"token\":5}",
      "{\"v\":2,\"type\":\"chat\",\"room\":\"\",\"token\":\"t\"}",
      "{\"v\":2,\"type\":\"key\",\"room\":\"r\",\"from\":\"a\",\"to\":\"b\",\"keyId\":\"k\",\"wrappedKey\":\"w\"}",
      "{\"v\":2,\"type\":\"key\",\"room\":\"r\",\"from\":\"a\",\"to\":\"b\",\"keyId\":\"k\",\"wrappedKey\":\"w\",\"members\":[1]}",
      "{\"v\":2,\"type\":\"announce\",\"room\":\"r\",\"member\":\"a-name-that-is-much-longer-than-32-chars\",\"publicKey\":\"k\"}"})
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
    assertThat(new Envelope.Chat("lobby", 1, "gAAAAABsecret").toString()).doesNotContain("gAAAAABsecret");
    assertThat(new ChatContent(2, "r", 1, "a", "i", 1, 0, ChatContent.TEXT, null, "the plaintext", "h", "s").toString())
        .doesNotContain("the plaintext");
  }
}
