package chat.relay.refusal;

import chat.relay.metrics.RelayMetrics;
import chat.relay.session.InboundGate;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Turns every refused or unreadable client frame into an ERROR frame whose {@code message}
 * header says what was wrong and whose {@code refusal} header names the reason; counts it; logs
 * the session id and reason only, never the frame.
 *
 * <p>The ERROR goes out through the client outbound channel, on the session's own lane, rather
 * than being sent by Spring from the reading thread: Spring closes the session right after an
 * ERROR, and its per-session send buffer drops whatever another thread has not flushed yet once
 * a close is in progress, so an ERROR sent from the reading thread while a lane was delivering to
 * the same session could be lost. On the lane, the ERROR and the close follow every frame queued
 * before them. A frame Spring could not decode comes without a message; its session is the one
 * the {@link InboundGate} says is being read. From the refusal on, the gate reads nothing more
 * from the session. Only when no session is known at all does Spring answer directly.
 */
public final class RefusalErrorHandler extends StompSubProtocolErrorHandler {

  public static final String REFUSAL_HEADER = "refusal";
  private static final Logger log = LoggerFactory.getLogger(RefusalErrorHandler.class);

  private final RelayMetrics metrics;
  private final MessageChannel clientOutbound;
  private final InboundGate gate;

  public RefusalErrorHandler(RelayMetrics metrics, MessageChannel clientOutbound, InboundGate gate) {
    this.metrics = metrics;
    this.clientOutbound = clientOutbound;
    this.gate = gate;
  }

  @Override
  public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
    Refusal refusal = asRefusal(ex);
    metrics.refused(refusal.reason());
    String sessionId = clientMessage == null ? null : SimpMessageHeaderAccessor.getSessionId(clientMessage.getHeaders());
    if (sessionId == null) {
      sessionId = gate.sessionBeingRead().orElse(null);
    }
    log.info("refused frame: session={} reason={}", sessionId == null ? "?" : sessionId, refusal.reason().wireName());

    StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
    error.setMessage(refusal.getMessage());
    error.setNativeHeader(REFUSAL_HEADER, refusal.reason().wireName());
    StompHeaderAccessor client = clientMessage == null ? null
        : MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class);
    error.setSessionId(sessionId);
    Message<byte[]> frame = handleInternal(error, refusal.getMessage().getBytes(StandardCharsets.UTF_8), ex, client);
    if (sessionId == null) {
      return frame; // no session known: Spring answers on the calling thread
    }
    gate.refuse(sessionId);
    clientOutbound.send(frame);
    return null; // sent on the session's lane; Spring sends nothing itself
  }

  @Override
  protected Message<byte[]> handleInternal(StompHeaderAccessor errorHeaderAccessor, byte[] errorPayload,
      Throwable cause, StompHeaderAccessor clientHeaderAccessor) {
    if (clientHeaderAccessor != null && clientHeaderAccessor.getReceipt() != null) {
      errorHeaderAccessor.setReceiptId(clientHeaderAccessor.getReceipt());
    }
    MessageHeaders headers = errorHeaderAccessor.getMessageHeaders();
    return MessageBuilder.createMessage(errorPayload, headers);
  }

  /** Spring's decoder reports oversized and unparsable frames as conversion errors. */
  static Refusal asRefusal(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof Refusal refusal) {
        return refusal;
      }
      if (t instanceof StompConversionException conversion) {
        String text = String.valueOf(conversion.getMessage());
        if (text.contains("limit") || text.contains("exceed")) {
          return new Refusal(Refusal.Reason.FRAME_TOO_LARGE, "frame exceeds the relay's size limit");
        }
        return new Refusal(Refusal.Reason.MALFORMED_FRAME, "frame is not valid STOMP 1.2");
      }
    }
    return new Refusal(Refusal.Reason.MALFORMED_FRAME, "frame could not be processed");
  }
}
