package chat.relay.delivery;


import chat.relay.inbound.RefusalErrorHandler;
import chat.relay.refusal.Refusal;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.CloseStatus;

/**
 * How the in-process broker's end of a session reaches the client. Spring's STOMP handler turns
 * every DISCONNECT_ACK without a receipt into {@code ERROR message:Session closed.} and a 1002
 * close: for a client's own DISCONNECT (what Spring's client sends on every normal close) that
 * reports an error where there is none, and for a missed heart-beat it gives no reason. Here a
 * DISCONNECT without a receipt is answered with a normal close (1000) after everything queued
 * before it, one with a receipt with Spring's RECEIPT (STOMP 1.2 "DISCONNECT"), and a missed
 * heart-beat with a {@code heartbeat-timeout} refusal. Runs on the session's lane.
 */
public final class SessionEndings implements ExecutorChannelInterceptor {

  private final SessionOutboxes outboxes;
  private final RefusalErrorHandler refusals;

  public SessionEndings(SessionOutboxes outboxes, RefusalErrorHandler refusals) {
    this.outboxes = outboxes;
    this.refusals = refusals;
  }

  @Override
  public Message<?> beforeHandle(Message<?> message, MessageChannel channel, MessageHandler handler) {
    if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.DISCONNECT_ACK) {
      return message;
    }
    String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
    Object asked = message.getHeaders().get(SimpMessageHeaderAccessor.DISCONNECT_MESSAGE_HEADER);
    if (asked instanceof Message<?> disconnect) {
      StompHeaderAccessor frame = MessageHeaderAccessor.getAccessor(disconnect, StompHeaderAccessor.class);
      if (frame != null && frame.getReceipt() != null) {
        return message; // Spring answers with the RECEIPT
      }
      outboxes.find(sessionId).ifPresent(outbox -> {
        try {
          outbox.close(CloseStatus.NORMAL);
        } catch (java.io.IOException | RuntimeException alreadyGone) {
          // the client closed first
        }
      });
      return null;
    }
    // The broker ends a session by itself only when its heart-beats stopped (Spring allows three intervals).
    return refusals.refusalFrame(sessionId, new Refusal(Refusal.Reason.HEARTBEAT_TIMEOUT,
        "no frame or heart-beat from the client for three heart-beat intervals"), null);
  }
}
