package chat.relay.delivery;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendResult;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * One session's outgoing frames: a FIFO queue written with the container's non-blocking sends.
 *
 * <p>Why not Spring's own buffering: its send-time and buffer limits only act when a second
 * thread finds the first blocked in a socket write, and keeping per-session order (its
 * {@code preservePublishOrder}) stops that second thread from ever coming, so a reader that
 * stalls would hold a pool thread until the container's write timeout. Here nothing blocks: a
 * stalled reader only grows its own queue, and it is dropped (close status 4500) as soon as the
 * queue passes {@code maxQueuedBytes} or one write takes longer than the send time limit.
 */
final class SessionOutbox extends WebSocketSessionDecorator {

  static final long CLOSE_LINGER_MILLIS = 50;

  private final RemoteEndpoint.Async remote;
  private final int maxQueuedBytes;
  private final int writeBatchBytes;
  private final long sendTimeLimitNanos;
  private final LongSupplier nanoClock;
  private final Runnable onSlowConsumer;
  private final java.util.function.IntConsumer onWrite;
  private final Deque<WebSocketMessage<?>> queue = new ArrayDeque<>();
  private final AtomicBoolean dropped = new AtomicBoolean();

  private long queuedBytes;
  private boolean writing;
  private long writeStartedNanos;
  private int inFlightBytes;
  private Thread pumping;
  private boolean closed;
  private CloseStatus closeAfterFlush;
  private boolean lingerOver;
  private final java.util.function.Consumer<Runnable> later;
  private final java.util.function.UnaryOperator<CloseStatus> closeStatus;
  private volatile long lastWriteNanos;
  private final ConnectedLimits limits;
  private boolean connectedSent;

  /**
   * @param later runs a task after {@link #CLOSE_LINGER_MILLIS}: Spring's per-session buffer may
   *     still be handing over the frame it sent just before asking to close (an ERROR, typically)
   * @param closeStatus the status a requested close really gets (a refusal's own code instead of
   *     Spring's 1002 after every ERROR)
   * @param limits what the CONNECTED frame tells the client of the relay's limits; null: nothing
   * @param writeBatchBytes most of the queued frames written as one message ({@link FrameBatch}); 0: one each
   * @param onWrite told the number of frames of every message written
   */
  SessionOutbox(WebSocketSession session, RemoteEndpoint.Async remote, int maxQueuedBytes, int writeBatchBytes,
      long sendTimeLimitMillis,
      LongSupplier nanoClock, Runnable onSlowConsumer, java.util.function.IntConsumer onWrite,
      java.util.function.Consumer<Runnable> later,
      java.util.function.UnaryOperator<CloseStatus> closeStatus, ConnectedLimits limits) {
    super(session);
    this.limits = limits;
    this.closeStatus = closeStatus;
    this.later = later;
    this.remote = remote;
    this.maxQueuedBytes = maxQueuedBytes;
    this.writeBatchBytes = writeBatchBytes;
    this.sendTimeLimitNanos = sendTimeLimitMillis * 1_000_000L;
    this.nanoClock = nanoClock;
    this.onSlowConsumer = onSlowConsumer;
    this.onWrite = onWrite;
    remote.setSendTimeout(sendTimeLimitMillis);
    this.lastWriteNanos = nanoClock.getAsLong();
  }

  /** How long nothing has been handed to the socket (for heart-beats, STOMP 1.2 "Heart-beating"). */
  long quietNanos() {
    return nanoClock.getAsLong() - lastWriteNanos;
  }

  @Override
  public void sendMessage(WebSocketMessage<?> message) throws IOException {
    boolean slow = false;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (!connectedSent && limits != null && message instanceof TextMessage text && ConnectedLimits.isConnected(text)) {
        connectedSent = true;
        message = limits.onto(text);
      }
      int size = FrameBatch.sizeOf(message);
      boolean stalled = writing && nanoClock.getAsLong() - writeStartedNanos > sendTimeLimitNanos;
      if (stalled || queuedBytes + size > maxQueuedBytes) {
        slow = true;
        closed = true;
        queue.clear();
      } else {
        queue.add(message);
        queuedBytes += size;
      }
    }
    if (slow) {
      dropSlowConsumer();
      return;
    }
    if (!HeldWrites.hold(this)) {
      pump();
    }
  }

  /**
   * Writes what is queued, the frames that queued up behind a write joined into the next one; a
   * completion that arrives inline continues the loop.
   */
  void pump() {
    synchronized (this) {
      if (pumping != null) {
        return;
      }
      pumping = Thread.currentThread();
    }
    while (true) {
      FrameBatch next = null;
      CloseStatus closeNow = null;
      synchronized (this) {
        if (writing || closed || queue.isEmpty()) {
          pumping = null;
          if (!writing && !closed && closeAfterFlush != null && lingerOver) {
            closed = true;
            closeNow = closeAfterFlush;
          }
        } else {
          next = FrameBatch.take(queue, writeBatchBytes);
          writing = true;
          writeStartedNanos = nanoClock.getAsLong();
          lastWriteNanos = writeStartedNanos;
          inFlightBytes = next.size();
        }
      }
      if (next == null) {
        if (closeNow != null) {
          closeQuietly(closeNow);
        }
        return;
      }
      onWrite.accept(next.frames().size());
      write(next.message()); // joined outside the lock: frames keep queuing meanwhile
    }
  }

  private void write(WebSocketMessage<?> message) {
    try {
      if (message instanceof TextMessage text) {
        remote.sendText(text.getPayload(), this::onWritten);
      } else if (message instanceof BinaryMessage binary) {
        remote.sendBinary(binary.getPayload(), this::onWritten);
      } else {
        onWritten(new SendResult()); // STOMP never sends ping/pong frames through here
      }
    } catch (RuntimeException e) {
      onWritten(new SendResult(e));
    }
  }

  private void onWritten(SendResult result) {
    synchronized (this) {
      writing = false;
      queuedBytes -= inFlightBytes;
      if (!result.isOK()) {
        closed = true;
        queue.clear();
      }
    }
    if (result.isOK()) {
      pump();
    } else if (result.getException() instanceof SocketTimeoutException) {
      dropSlowConsumer();
    } else {
      closeQuietly(CloseStatus.SERVER_ERROR);
    }
  }

  /**
   * Closes after the queued frames are written: Spring closes a session right after handing it an
   * ERROR frame (STOMP 1.2), and that frame must not be lost to the close, even when Spring's own
   * per-session buffer hands it over a moment after the close request (another thread was
   * flushing). So the close lingers briefly, then waits for the queue to drain; a write that
   * stalls is still bounded by the send time limit.
   */
  @Override
  public void close(CloseStatus status) throws IOException {
    synchronized (this) {
      if (closed || closeAfterFlush != null) {
        return;
      }
      closeAfterFlush = closeStatus.apply(status);
    }
    later.accept(() -> {
      synchronized (this) {
        lingerOver = true;
      }
      pump();
    });
  }

  @Override
  public void close() throws IOException {
    close(CloseStatus.NORMAL);
  }

  private void dropSlowConsumer() {
    if (dropped.compareAndSet(false, true)) {
      onSlowConsumer.run();
      closeQuietly(CloseStatus.SESSION_NOT_RELIABLE);
    }
  }

  private void closeQuietly(CloseStatus status) {
    try {
      getDelegate().close(status);
    } catch (IOException | RuntimeException ignored) {
      // The connection is already broken; the container reports the close to the handler.
    }
  }
}
