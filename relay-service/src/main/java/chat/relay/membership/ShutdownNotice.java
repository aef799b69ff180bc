package chat.relay.membership;

import chat.relay.metrics.RelayMetrics;
import chat.relay.refusal.ErrorFrames;
import chat.relay.refusal.Refusal;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * On shutdown, tells every open session why it is about to be closed (an ERROR frame, after which
 * the connection closes, STOMP 1.2 "ERROR"), and waits a bounded time for them to go, so clients
 * can reconnect elsewhere instead of seeing a bare TCP reset.
 */
public final class ShutdownNotice {

  public static final String SHUTDOWN_MESSAGE = "relay shutting down; reconnect later";
  private static final Logger log = LoggerFactory.getLogger(ShutdownNotice.class);

  private final SessionRegistry sessions;
  private final SessionSender sender;
  private final Duration grace;
  private final InboundGate gate;
  private final RelayMetrics metrics;

  public ShutdownNotice(SessionRegistry sessions, SessionSender sender, Duration grace, InboundGate gate,
      RelayMetrics metrics) {
    this.metrics = metrics;
    this.gate = gate;
    this.sessions = sessions;
    this.sender = sender;
    this.grace = grace;
  }

  @EventListener
  public void onClose(ContextClosedEvent event) {
    var open = sessions.all();
    if (open.isEmpty()) {
      return;
    }
    log.info("shutting down: telling {} open sessions", open.size());
    Refusal notice = new Refusal(Refusal.Reason.SHUTTING_DOWN, SHUTDOWN_MESSAGE);
    for (MemberSession session : open) {
      gate.refuse(session.sessionId(), notice.reason()); // closed with 1001 (going away), not 1002
      metrics.refused(notice.reason());
      sender.send(ErrorFrames.of(notice, session.sessionId(), null));
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (sessions.openSessions() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    log.info("shutdown notice done: {} sessions still open", sessions.openSessions());
  }
}
