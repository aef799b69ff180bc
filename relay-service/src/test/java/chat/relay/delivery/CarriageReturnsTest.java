package chat.relay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.BufferingStompDecoder;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

class CarriageReturnsTest {

  static final String CRLF_FRAMES = "\r\nSEND\r\ndestination:/topic/room.a\r\n\r\nhi\0\r\nSEND\ndestination:/topic/room.a\n\nho\0\r\n";

  @Test
  void aValidFrameSplitAtEveryPlace_decodesToTheSameFrames_asText() {
    for (int cut = 1; cut < CRLF_FRAMES.length(); cut++) {
      List<Message<byte[]>> decoded = decodeInTwo(new TextMessage(CRLF_FRAMES.substring(0, cut), false),
          new TextMessage(CRLF_FRAMES.substring(cut), true));
      assertThat(bodies(decoded)).as("cut at " + cut).isEqualTo(bodies(whole()));
    }
  }

  @Test
  void aValidFrameSplitAtEveryPlace_decodesToTheSameFrames_asBinary() {
    byte[] bytes = CRLF_FRAMES.getBytes(StandardCharsets.UTF_8);
    for (int cut = 1; cut < bytes.length; cut++) {
      List<Message<byte[]>> decoded = decodeInTwo(new BinaryMessage(ByteBuffer.wrap(bytes, 0, cut), false),
          new BinaryMessage(ByteBuffer.wrap(bytes, cut, bytes.length - cut), true));
      assertThat(bodies(decoded)).as("cut at " + cut).isEqualTo(bodies(whole()));
    }
  }

  /** The frames Spring decodes from the same bytes in one piece (the two frames and the heart-beats). */
  private static List<Message<byte[]>> whole() {
    List<Message<byte[]>> frames = new BufferingStompDecoder(new StompDecoder(), 8192)
        .decode(ByteBuffer.wrap(CRLF_FRAMES.getBytes(StandardCharsets.UTF_8)));
    assertThat(bodies(frames)).contains("hi", "ho");
    return frames;
  }

  /** The frames' bodies; heart-beats (how many an end-of-line run makes does not matter) left out. */
  private static List<String> bodies(List<Message<byte[]>> frames) {
    return frames.stream().filter(m -> org.springframework.messaging.simp.stomp.StompHeaderAccessor.wrap(m).getCommand() != null)
        .map(m -> new String(m.getPayload(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void messagesWithoutATrailingCr_passUntouched() {
    TextMessage message = new TextMessage("SEND\n\n\0");
    assertThat(new CarriageReturns().join("s", message)).isSameAs(message);
  }

  /** What Spring's own decoder makes of the two parts, once they have passed the joiner. */
  private static List<Message<byte[]>> decodeInTwo(WebSocketMessage<?> first, WebSocketMessage<?> second) {
    CarriageReturns joiner = new CarriageReturns();
    BufferingStompDecoder decoder = new BufferingStompDecoder(new StompDecoder(), 8192);
    List<Message<byte[]>> frames = new ArrayList<>();
    for (WebSocketMessage<?> part : List.of(first, second)) {
      WebSocketMessage<?> joined = joiner.join("s", part);
      if (joined != null) {
        frames.addAll(decoder.decode(joined instanceof TextMessage text
            ? ByteBuffer.wrap(text.asBytes()) : ((BinaryMessage) joined).getPayload()));
      }
    }
    return frames;
  }
}
