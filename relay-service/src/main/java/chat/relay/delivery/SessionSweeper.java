package chat.relay.delivery;

import chat.relay.membership.InboundGate;
import chat.relay.membership.MemberSession;
import chat.relay.membership.SessionRegistry;

import chat.relay.refusal.Refusal;
import chat.relay.inbound.RefusalErrorHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.web.socket.TextMessage;

/**
 * Once a second: closes sessions whose input is overdue, and writes the heart-beats the relay
 * promised.
 *
 * <p>Input: a WebSocket that has not sent CONNECT within {@code relay.connect-timeout}, or that
 * has left a frame unfinished for {@code relay.frame-timeout} (a trickled frame, a content-length
 * larger than the body), is refused with {@code connect-timeout} or {@code frame-timeout}.
 *
 * <p>Heart-beats: Spring's simple broker checks once per interval whether a session was written to
 * within the interval, so its heart-beats arrive up to two intervals apart, and a client that
 * allows 1.5 (stomp.py's default) drops the connection. Here every session that asked for
 * heart-beats gets an end-of-line whenever its socket has been quiet for the interval less
 * {@link #HEARTBEAT_MARGIN_MILLIS} (STOMP 1.2 "Heart-beating"), so the gap stays under the
 * interval. Only in simple mode: behind RabbitMQ the broker's own heart-beats pass through.
 */
public final class SessionSweeper implements Runnable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SessionSweeper.class);
  static final long HEARTBEAT_MARGIN_MILLIS = 1500;
  public static final Duration PERIOD = Duration.ofSeconds(1);
  private static final TextMessage HEARTBEAT = new TextMessage("\n");

  private final InputWatch inputs;
  private final SessionRegistry sessions;
  private final SessionOutboxes outboxes;
  private final RefusalErrorHandler refusals;
  private final InboundGate gate;
  private final long connectTimeoutNanos;
  private final long frameTimeoutNanos;
  private final boolean writeHeartbeats;

  public SessionSweeper(InputWatch inputs, SessionRegistry sessions, SessionOutboxes outboxes,
      RefusalErrorHandler refusals, InboundGate gate, Duration connectTimeout, Duration frameTimeout,
      boolean writeHeartbeats) {
    this.gate = gate;
    this.inputs = inputs;
    this.sessions = sessions;
    this.outboxes = outboxes;
    this.refusals = refusals;
    this.connectTimeoutNanos = connectTimeout.toNanos();
    this.frameTimeoutNanos = frameTimeout.toNanos();
    this.writeHeartbeats = writeHeartbeats;
  }

  @Override
  public void run() {
    inputs.forEach((sessionId, ages) -> {
      try {
        sweep(sessionId, ages);
      } catch (RuntimeException e) {
        // one session's trouble must not stop the sweep of the others, but it must not go unseen either
        log.warn("session sweep failed: session={} ({})", sessionId, e.getClass().getSimpleName());
      }
    });
  }

  private void sweep(String sessionId, InputWatch.Ages ages) {
    if (gate.isRefused(sessionId)) {
      return;
    }
    MemberSession member = sessions.find(sessionId).orElse(null);
    if (member == null && ages.openNanos() > connectTimeoutNanos) {
      refusals.refuse(sessionId, new Refusal(Refusal.Reason.CONNECT_TIMEOUT, "no CONNECT within "
          + seconds(connectTimeoutNanos) + " s of opening the WebSocket"), null);
    } else if (ages.unfinishedFrameNanos() > frameTimeoutNanos) {
      refusals.refuse(sessionId, new Refusal(Refusal.Reason.FRAME_TIMEOUT, "a frame was begun and not finished within "
          + seconds(frameTimeoutNanos) + " s (is its content-length larger than its body?)"), null);
    } else if (writeHeartbeats && member != null && member.heartbeatMillis() > 0) {
      long dueMillis = Math.max(member.heartbeatMillis() / 2, member.heartbeatMillis() - HEARTBEAT_MARGIN_MILLIS);
      outboxes.find(sessionId).map(SessionOutbox.class::cast) // find() gives outboxes only
          .filter(outbox -> outbox.quietNanos() >= TimeUnit.MILLISECONDS.toNanos(dueMillis))
          .ifPresent(outbox -> {
            try {
              outbox.sendMessage(HEARTBEAT);
            } catch (java.io.IOException closing) {
              // the session is going; nothing to beat for
            }
          });
    }
  }

  private static long seconds(long nanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos));
  }
}
