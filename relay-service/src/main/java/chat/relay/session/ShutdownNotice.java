package chat.relay.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * On shutdown, tells every open session why it is about to be closed (an ERROR frame, after which
 * the connection closes, STOMP 1.2 "ERROR"), and waits a bounded time for them to go, so clients
 * can reconnect elsewhere instead of seeing a bare TCP reset.
 */
public final class ShutdownNotice {

  public static final String SHUTDOWN_MESSAGE = "relay shutting down; reconnect later";
  private static final Logger log = LoggerFactory.getLogger(ShutdownNotice.class);

  private final SessionRegistry sessions;
  private final MessageChannel clientOutbound;
  private final Duration grace;

  public ShutdownNotice(SessionRegistry sessions, MessageChannel clientOutbound, Duration grace) {
    this.sessions = sessions;
    this.clientOutbound = clientOutbound;
    this.grace = grace;
  }

  @EventListener
  public void onClose(ContextClosedEvent event) {
    var open = sessions.all();
    if (open.isEmpty()) {
      return;
    }
    log.info("shutting down: telling {} open sessions", open.size());
    for (MemberSession session : open) {
      StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
      error.setSessionId(session.sessionId());
      error.setMessage(SHUTDOWN_MESSAGE);
      error.setNativeHeader("refusal", "shutting-down");
      error.setLeaveMutable(true);
      clientOutbound.send(MessageBuilder.createMessage(
          SHUTDOWN_MESSAGE.getBytes(StandardCharsets.UTF_8), error.getMessageHeaders()));
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
