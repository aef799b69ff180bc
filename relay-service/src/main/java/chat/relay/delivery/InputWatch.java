package chat.relay.delivery;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

/**
 * When each open WebSocket session arrived and since when it has left a STOMP frame unfinished,
 * so that a socket that never says CONNECT, or that starts a frame and trickles or stalls, is
 * closed within a bound instead of holding a connection (and its buffers) for as long as it likes.
 *
 * <p>A frame counts as finished when the WebSocket message that carried its last part ends with
 * the frame's NUL octet (optionally followed by end-of-line heart-beats, STOMP 1.2 "Augmented
 * BNF"). The check reads the message's last bytes only, never a body. A body that itself ends in
 * NUL right at a message boundary can only make a frame look finished early: it restarts no
 * clock and loses nothing.
 *
 * <p>Tomcat hands over nothing of a WebSocket frame until the frame (or a 2 KiB part of it) is
 * complete, so a frame trickled a byte at a time is invisible above it. For that case the watch
 * also reads when Tomcat last read bytes from the socket ({@link #TRICKLE_WINDOW_MILLIS}): bytes
 * that keep arriving while no message is handed over are a frame in progress. A single ping, which
 * Tomcat answers without handing it over, stops the clock again once the bytes stop.
 */
public final class InputWatch {

  /** Bytes read within this long count as still arriving. */
  static final long TRICKLE_WINDOW_MILLIS = 3000;
  /**
   * Tomcat notes a read once more right after handing a message over (its read loop looks for more
   * input), so only reads this much later than the last message count as bytes of a new one.
   */
  static final long AFTER_MESSAGE_MARGIN_MILLIS = 1000;

  private final LongSupplier nanoClock;
  private final Map<String, Input> inputs = new ConcurrentHashMap<>();

  public InputWatch(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** @param lastSocketRead when the container last read bytes of this session, epoch millis (0: unknown) */
  void opened(String sessionId, LongSupplier lastSocketRead) {
    inputs.put(sessionId, new Input(nanoClock.getAsLong(), lastSocketRead));
  }

  void closed(String sessionId) {
    inputs.remove(sessionId);
  }

  /**
   * Called after every WebSocket message (or part of one) read from the session has been handled.
   *
   * @param framesDecoded how many STOMP frames (heart-beats included) Spring's decoder made of it:
   *     none from a message that is not only end-of-lines means the decoder is still waiting for
   *     the rest of a frame (a content-length larger than what came)
   */
  void received(String sessionId, WebSocketMessage<?> message, int framesDecoded) {
    Input input = inputs.get(sessionId);
    if (input == null) {
      return;
    }
    input.lastHandedOverMillis = System.currentTimeMillis();
    input.trickleSinceNanos = 0;
    boolean finished = message.isLast() && endsFrame(message) && (framesDecoded > 0 || onlyEndOfLines(message));
    if (finished) {
      input.unfinishedSinceNanos = 0;
    } else if (input.unfinishedSinceNanos == 0) {
      input.unfinishedSinceNanos = nanoClock.getAsLong();
    }
  }

  /** Each open session with how long it has been open and how long its current frame has been unfinished (0: none). */
  public void forEach(BiConsumer<String, Ages> action) {
    long now = nanoClock.getAsLong();
    long wallNow = System.currentTimeMillis();
    inputs.forEach((id, input) -> {
      long unfinished = Math.max(age(now, input.unfinishedSinceNanos), age(now, input.trickling(now, wallNow)));
      action.accept(id, new Ages(now - input.openedNanos, unfinished));
    });
  }

  private static long age(long now, long sinceNanos) {
    return sinceNanos == 0 ? 0 : now - sinceNanos;
  }

  /** Nanoseconds since the WebSocket opened, and since an unfinished frame began (0 when none is). */
  public record Ages(long openNanos, long unfinishedFrameNanos) {}

  private static boolean onlyEndOfLines(WebSocketMessage<?> message) {
    if (message instanceof TextMessage text) {
      return text.getPayload().isBlank();
    }
    return !(message instanceof BinaryMessage binary) || !binary.getPayload().hasRemaining();
  }

  static boolean endsFrame(WebSocketMessage<?> message) {
    if (message instanceof TextMessage text) {
      String payload = text.getPayload();
      int i = payload.length() - 1;
      while (i >= 0 && (payload.charAt(i) == '\n' || payload.charAt(i) == '\r')) {
        i--;
      }
      return i < 0 || payload.charAt(i) == '\0';
    }
    if (message instanceof BinaryMessage binary) {
      ByteBuffer payload = binary.getPayload();
      int i = payload.limit() - 1;
      while (i >= payload.position() && (payload.get(i) == '\n' || payload.get(i) == '\r')) {
        i--;
      }
      return i < payload.position() || payload.get(i) == 0;
    }
    return true; // ping/pong carry no STOMP
  }

  private static final class Input {
    final long openedNanos;
    final LongSupplier lastSocketReadMillis;
    volatile long unfinishedSinceNanos;
    volatile long lastHandedOverMillis;
    volatile long trickleSinceNanos;

    Input(long openedNanos, LongSupplier lastSocketReadMillis) {
      this.openedNanos = openedNanos;
      this.lastSocketReadMillis = lastSocketReadMillis;
      this.lastHandedOverMillis = System.currentTimeMillis();
    }

    /** Since when bytes have kept arriving without a message being handed over (0: they have not). */
    long trickling(long now, long wallNow) {
      long lastRead = lastSocketReadMillis.getAsLong();
      boolean arriving = lastRead - lastHandedOverMillis > AFTER_MESSAGE_MARGIN_MILLIS
          && wallNow - lastRead <= TRICKLE_WINDOW_MILLIS;
      if (!arriving) {
        trickleSinceNanos = 0;
      } else if (trickleSinceNanos == 0) {
        trickleSinceNanos = now;
      }
      return trickleSinceNanos;
    }
  }
}
