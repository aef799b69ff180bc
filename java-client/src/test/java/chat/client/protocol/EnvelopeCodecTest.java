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

  static final IdentityPublicKey ID = new IdentityPublicKey("SUQ=");
  static final MemberPublicKey RSA = new MemberPublicKey("TUlJQg==");
  static final WrappedKey WRAPPED = new WrappedKey("d3JhcHBlZA==");
  static final Signature SIG = new Signature("c2ln");

  @Test
  void everyEnvelopeType_roundTrips() throws Exception {
    Envelope.Charter charter = new Envelope.Charter("lobby", "invite", "alice", ID, SIG);
    List<Envelope> envelopes = List.of(
        new Envelope.Announce("lobby", "bob", RSA, ID, null, null, SIG),
        new Envelope.Announce("lobby", "bob", RSA, ID, "0011", "cHJvb2Y=", SIG),
        new Envelope.Record("lobby", 1, null, charter, List.of(new Envelope.RecordMember("alice", ID, "ab12")),
            List.of(), "create", List.of("alice"), "ff00", "alice", SIG),
        new Envelope.Record("lobby", 4, "00ff", charter, List.of(new Envelope.RecordMember("alice", ID, "ab12"),
            new Envelope.RecordMember("bob", ID, "cd34")), List.of("carol"), "remove", List.of("carol"), "ff00",
            "alice", SIG),
        new Envelope.KeyDelivery("lobby", "alice", 3, "00ff", List.of(new Envelope.Wrap("bob", WRAPPED)),
            List.of(new Envelope.MemberKey("carol", RSA))),
        new Envelope.Chat("lobby", 3, "gAAAAABtoken"),
        new Envelope.Direct("lobby", "bob", WRAPPED, "gAAAAABtoken"));
    for (Envelope e : envelopes) {
      assertThat(codec.decode(codec.encode(e))).isEqualTo(e);
    }
  }

  @Test
  void keysAndSignatures_areParsedOnceAtTheEdge_andTextThatIsNotBase64NeverGetsPast() throws Exception {
    Envelope.Announce a = (Envelope.Announce) codec.decode(codec.encode(
        new Envelope.Announce("lobby", "bob", RSA, ID, null, null, SIG)));
    assertThat(a.identityKey().bytes()).containsExactly('I', 'D');
    assertThat(a.signedParts()).contains("TUlJQg==", "SUQ="); // what is signed is the text as it travelled
    String notBase64 = new String(codec.encode(new Envelope.Announce("lobby", "bob", RSA, ID, null, null, SIG)),
        StandardCharsets.UTF_8).replace("SUQ=", "not base64!");
    assertThatThrownBy(() -> codec.decode(notBase64.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("'identityKey' is not base64");
  }

  @Test
  void aHybridCharterAndHybridSizedKeys_roundTrip() throws Exception {
    Envelope.Charter hybrid = new Envelope.Charter("lobby", "open", "alice", ID, "hybrid", SIG);
    Envelope.Record r = new Envelope.Record("lobby", 1, null, hybrid, List.of(new Envelope.RecordMember("alice", ID, "ab12")),
        List.of(), "create", List.of("alice"), "c0ffee", "alice", SIG);
    assertThat(((Envelope.Record) codec.decode(codec.encode(r))).charter().protection()).isEqualTo("hybrid");
    // a hybrid delivery at RSA-8192 and an announced RSA-8192 + ML-KEM-768 key: the largest the client makes
    WrappedKey delivery = WrappedKey.of(new byte[1 + 2 + 1024 + 2 + 1088 + 2 + 12 + 2 + 60]);
    MemberPublicKey both = MemberPublicKey.of(new byte[1 + 2 + 1062 + 2 + 1184]);
    Envelope.KeyDelivery k = new Envelope.KeyDelivery("lobby", "alice", 2, "ab", List.of(new Envelope.Wrap("bob", delivery)),
        List.of(new Envelope.MemberKey("bob", both)));
    Envelope.KeyDelivery back = (Envelope.KeyDelivery) codec.decode(codec.encode(k));
    assertThat(back.wraps().get(0).wrappedKey().bytes()).hasSize(delivery.bytes().length);
    assertThat(back.publicKeys().get(0).publicKey().bytes()).hasSize(both.bytes().length);
  }

  @Test
  void chatContent_roundTrips() throws Exception {
    ChatContent content = new ChatContent(3, "lobby", 4, "bob", "id-1", 7, 1234L, ChatContent.TEXT, null,
        "hi \"there\" ✓", "ab".repeat(32), SIG);
    assertThat(codec.decodeContent(codec.encodeContent(content))).isEqualTo(content);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "[]", "null", "{", "{\"v\":1,\"type\":\"chat\",\"room\":\"r\",\"epoch\":1,\"token\":\"t\"}",
      "{\"v\":3,\"type\":\"chat\",\"room\":\"r\",\"epoch\":-1,\"token\":\"t\"}",
      "{\"v\":3,\"type\":\"shout\",\"room\":\"r\"}",
      "{\"v\":3,\"type\":\"chat\",\"room\":\"r\"}",
      "{\"v\":3,\"type\":\"chat\",\"room\":\"r\",\"token\":5}",
      "{\"v\":3,\"type\":\"chat\",\"room\":\"\",\"token\":\"t\"}",
      "{\"v\":3,\"type\":\"key\",\"room\":\"r\",\"from\":\"a\",\"epoch\":1,\"record\":\"h\"}",
      "{\"v\":3,\"type\":\"key\",\"room\":\"r\",\"from\":\"a\",\"epoch\":1,\"record\":\"h\",\"wraps\":[1],\"publicKeys\":[]}",
      "{\"v\":3,\"type\":\"record\",\"room\":\"r\",\"epoch\":1,\"members\":[],\"change\":\"join\"}",
      "{\"v\":3,\"type\":\"record\",\"room\":\"r\",\"epoch\":1,\"charter\":{},\"members\":[]}",
      "{\"v\":3,\"type\":\"announce\",\"room\":\"r\",\"member\":\"a-name-that-is-much-longer-than-32-chars\",\"publicKey\":\"k\"}"})
  void malformedEnvelopes_areRefused(String body) {
    assertThatThrownBy(() -> codec.decode(body.getBytes(StandardCharsets.UTF_8))).isInstanceOf(ProtocolException.class);
  }

  @Test
  void aProtocol2Envelope_isRefusedWithAReasonAPersonCanRead_neverDowngradedTo() {
    String v2 = "{\"v\":2,\"type\":\"chat\",\"room\":\"r\",\"epoch\":1,\"token\":\"t\"}";
    assertThatThrownBy(() -> codec.decode(v2.getBytes(StandardCharsets.UTF_8))).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("protocol 2 envelope (an older client)").hasMessageContaining("never falls back");
  }

  @Test
  void oversizedEnvelopes_areRefusedBeforeParsing() {
    byte[] huge = new byte[Envelope.MAX_ENVELOPE_BYTES + 1];
    assertThatThrownBy(() -> codec.decode(huge)).isInstanceOf(ProtocolException.class).hasMessageContaining("larger");
  }

  @Test
  void chatEnvelope_neverPrintsItsToken() {
    assertThat(new Envelope.Chat("lobby", 1, "gAAAAABsecret").toString()).doesNotContain("gAAAAABsecret");
    assertThat(new ChatContent(3, "r", 1, "a", "i", 1, 0, ChatContent.TEXT, null, "the plaintext", "h", SIG).toString())
        .doesNotContain("the plaintext");
  }
}
