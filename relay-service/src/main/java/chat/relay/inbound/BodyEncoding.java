package chat.relay.inbound;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a body's bytes are UTF-8, which decides whether they can go out in a text WebSocket
 * frame unchanged. Looks at the encoding only, never at what the text says.
 */
final class BodyEncoding {

  private BodyEncoding() {}

  static boolean isUtf8(byte[] body) {
    for (byte b : body) {
      if (b < 0) {
        return strictUtf8(body); // our clients' bodies are ASCII (JSON and base64): the loop above is all they cost
      }
    }
    return true;
  }

  private static boolean strictUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
