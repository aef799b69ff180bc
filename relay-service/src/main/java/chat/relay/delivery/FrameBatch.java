package chat.relay.delivery;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * Several queued STOMP frames of one session written as one WebSocket message.
 *
 * <p>Why: each non-blocking send is one socket write and one completion that Tomcat hands to a
 * worker thread; under fan-out that per-frame cost was a third of the relay's CPU, in the kernel
 * (docs/BENCHMARKS.md). Frames that queued up while the previous write was in flight are joined
 * and go out together. The joined message is binary because Tomcat splits a text message into
 * parts of its 2 KiB encoder buffer (one write and one completion each, again), while a binary
 * message goes out in one write; STOMP frames are bytes either way, and a STOMP client parses a
 * WebSocket message as a stream of frames (stompjs, stomp.py, Spring's client, RabbitMQ's own
 * Web-STOMP option {@code ws_frame = binary}). A frame alone keeps its text message, and frames
 * that are binary already (bodies that are not UTF-8) are never joined.
 *
 * @param frames the frames, in queue order
 * @param size what they count against the session's queue limit (characters for text)
 */
record FrameBatch(List<WebSocketMessage<?>> frames, int size) {

  /**
   * Takes the head of the queue and, after it, every text frame that still fits {@code maxSize}.
   * A single frame larger than {@code maxSize} is taken alone. The queue must not be empty.
   */
  static FrameBatch take(Deque<WebSocketMessage<?>> queue, int maxSize) {
    WebSocketMessage<?> first = queue.poll();
    int size = sizeOf(first);
    if (!(first instanceof TextMessage) || !(queue.peek() instanceof TextMessage second)
        || size + sizeOf(second) > maxSize) {
      return new FrameBatch(List.of(first), size);
    }
    List<WebSocketMessage<?>> frames = new ArrayList<>();
    frames.add(first);
    while (queue.peek() instanceof TextMessage next && size + sizeOf(next) <= maxSize) {
      frames.add(queue.poll());
      size += sizeOf(next);
    }
    return new FrameBatch(frames, size);
  }

  /** The message to write: the frame itself, or the frames' UTF-8 bytes one after another. */
  WebSocketMessage<?> message() {
    if (frames.size() == 1) {
      return frames.get(0);
    }
    byte[][] parts = new byte[frames.size()][];
    int length = 0;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = ((TextMessage) frames.get(i)).getPayload().getBytes(StandardCharsets.UTF_8);
      length += parts[i].length;
    }
    byte[] joined = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, joined, at, part.length);
      at += part.length;
    }
    return new BinaryMessage(ByteBuffer.wrap(joined));
  }

  /**
   * A text frame counts its characters: {@code TextMessage.getPayloadLength()} would encode the
   * whole frame to UTF-8 once more just to measure it, for every delivery. Exact for our clients'
   * frames (ASCII headers, JSON with base64); other text can take up to three bytes a character,
   * so for it {@code relay.send-buffer-bytes} and {@code relay.write-batch-bytes} count characters.
   */
  static int sizeOf(WebSocketMessage<?> message) {
    return message instanceof TextMessage text ? text.getPayload().length() : message.getPayloadLength();
  }
}
