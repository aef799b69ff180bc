package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.Signature;
import chat.client.transport.RelayLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A line is measured as a message carries it, so one accepted locally never makes a frame the relay refuses. */
class LineLimitTest {

  @Test
  void aLineOfQuotes_countsItsEscapes_andTheLongestAcceptedStillFitsOneEnvelope() {
    String quotes = "\"".repeat(LineLimit.MAX_TEXT_BYTES / 2); // each is two bytes once escaped
    assertThat(LineLimit.tooLong(quotes, RelayLimits.DEFAULTS)).isNull();
    assertThat(LineLimit.tooLong(quotes + "\"", RelayLimits.DEFAULTS)).contains("bytes long")
        .contains("at most " + LineLimit.MAX_TEXT_BYTES);
    assertThat(LineLimit.tooLong("x".repeat(70_000), RelayLimits.DEFAULTS)).contains("70000 bytes long");

    assertThat(sealedBytes(quotes)).isLessThan(Envelope.MAX_ENVELOPE_BYTES);
  }

  @ParameterizedTest
  @ValueSource(ints = {65536, 32768, 16384, 8192, 5120})
  void underTheFrameARelayAnnounces_theLongestLineAccepted_stillFitsItsFrame(int frameBytes) {
    RelayLimits relay = new RelayLimits(50, 100, frameBytes, true);
    String quotes = "\"".repeat(LineLimit.maxTextBytes(relay) / 2);
    assertThat(LineLimit.tooLong(quotes, relay)).isNull();
    assertThat(LineLimit.tooLong(quotes + "\"", relay)).contains(frameBytes / 1024 + " KiB frame");
    int stompHeaders = 512; // SEND, destination, content-type, content-length, receipt: about 150 bytes
    assertThat(sealedBytes(quotes) + stompHeaders).isLessThanOrEqualTo(frameBytes);
  }

  /** The envelope a line makes, sealed as a message is: content JSON, Fernet (base64url of IV, ciphertext, MAC). */
  private static int sealedBytes(String text) {
    EnvelopeCodec codec = new EnvelopeCodec();
    ChatContent content = new ChatContent(Envelope.VERSION, "a".repeat(64), Long.MAX_VALUE, "b".repeat(32),
        java.util.UUID.randomUUID().toString(), Long.MAX_VALUE, Long.MAX_VALUE, ChatContent.TEXT, null, text,
        "ab".repeat(32), Signature.of(new byte[64]));
    int plaintext = codec.encodeContent(content).length;
    int tokenChars = (int) Math.ceil((1 + 8 + 16 + (plaintext / 16 + 1) * 16 + 32) / 3.0) * 4;
    return codec.encode(new Envelope.Chat("a".repeat(64), Long.MAX_VALUE, "g".repeat(tokenChars))).length;
  }
}
