package chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.Signature;
import org.junit.jupiter.api.Test;

/** A line is measured as a message carries it, so one accepted locally never makes a frame the relay refuses. */
class LineLimitTest {

  @Test
  void aLineOfQuotes_countsItsEscapes_andTheLongestAcceptedStillFitsOneEnvelope() {
    String quotes = "\"".repeat(ChatClient.MAX_TEXT_BYTES / 2); // each is two bytes once escaped
    assertThat(ChatClient.tooLong(quotes)).isNull();
    assertThat(ChatClient.tooLong(quotes + "\"")).contains("bytes long").contains("at most " + ChatClient.MAX_TEXT_BYTES);
    assertThat(ChatClient.tooLong("x".repeat(70_000))).contains("70000 bytes long");

    // the longest line accepted, sealed as a message is: content JSON, Fernet (base64url of IV, ciphertext, MAC)
    EnvelopeCodec codec = new EnvelopeCodec();
    ChatContent content = new ChatContent(Envelope.VERSION, "a".repeat(64), Long.MAX_VALUE, "b".repeat(32),
        java.util.UUID.randomUUID().toString(), Long.MAX_VALUE, Long.MAX_VALUE, ChatContent.TEXT, null, quotes,
        "ab".repeat(32), Signature.of(new byte[64]));
    int plaintext = codec.encodeContent(content).length;
    int tokenChars = (int) Math.ceil((1 + 8 + 16 + (plaintext / 16 + 1) * 16 + 32) / 3.0) * 4;
    int envelope = codec.encode(new Envelope.Chat("a".repeat(64), Long.MAX_VALUE, "g".repeat(tokenChars))).length;
    assertThat(envelope).isLessThan(Envelope.MAX_ENVELOPE_BYTES);
  }
}
