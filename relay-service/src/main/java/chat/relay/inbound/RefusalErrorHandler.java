package chat.relay.inbound;

import chat.relay.refusal.ErrorFrames;
import chat.relay.refusal.Refusal;

import chat.relay.metrics.RelayMetrics;
import chat.relay.membership.InboundGate;
import chat.relay.membership.SessionSender;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Turns every refused or unreadable client frame into an ERROR frame ({@link ErrorFrames}); counts
 * it; logs the session id and reason only, never the frame.
 *
 * <p>The ERROR goes out through the client outbound channel, on the session's own lane, rather
 * than being sent by Spring from the reading thread: Spring closes the session right after an
 * ERROR, and its per-session send buffer drops whatever another thread has not flushed yet once
 * a close is in progress, so an ERROR sent from the reading thread while a lane was delivering to
 * the same session could be lost. On the lane, the ERROR and the close follow every frame queued
 * before them. A frame Spring could not decode comes without a message; its session is the one
 * the {@link InboundGate} says is being read. From the refusal on, the gate reads nothing more
 * from the session, and the close carries the reason's own code. Only when no session is known at
 * all does Spring answer directly.
 */
public final class RefusalErrorHandler extends StompSubProtocolErrorHandler {

  private static final Logger log = LoggerFactory.getLogger(RefusalErrorHandler.class);

  private final RelayMetrics metrics;
  private final SessionSender sender;
  private final InboundGate gate;
  private final Predicate<String> connected;

  /**
   * @param connected whether a session has been admitted by a CONNECT: Spring refuses frames
   *     before CONNECT and a second CONNECT itself, before the relay's guard sees them
   */
  public RefusalErrorHandler(RelayMetrics metrics, SessionSender sender, InboundGate gate,
      Predicate<String> connected) {
    this.metrics = metrics;
    this.sender = sender;
    this.gate = gate;
    this.connected = connected;
  }

  @Override
  public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
    String sessionId = clientMessage == null ? null : SimpMessageHeaderAccessor.getSessionId(clientMessage.getHeaders());
    if (sessionId == null) {
      sessionId = gate.sessionBeingRead().orElse(null);
    }
    StompHeaderAccessor client = clientMessage == null ? null
        : MessageHeaderAccessor.getAccessor(clientMessage, StompHeaderAccessor.class);
    Refusal refusal = asRefusal(ex, client == null ? null : client.getCommand(),
        sessionId != null && connected.test(sessionId));
    String receipt = client == null ? null : client.getReceipt();
    if (sessionId == null) {
      count(refusal, "?");
      return ErrorFrames.of(refusal, null, receipt); // no session known: Spring answers on the calling thread
    }
    refuse(sessionId, refusal, receipt);
    return null; // sent on the session's lane; Spring sends nothing itself
  }

  /**
   * Refuses a session: counts and logs the refusal, reads nothing more from the session, and sends
   * the ERROR on its lane; Spring closes the session after it, with the reason's close code.
   */
  public void refuse(String sessionId, Refusal refusal, String receipt) {
    sender.send(refusalFrame(sessionId, refusal, receipt));
  }

  /**
   * Counts and logs a refusal, reads nothing more from the session, and returns its ERROR frame,
   * for code already on the session's lane that hands the frame on itself (sending it into the
   * outbound channel from there would queue it behind the lane's own work).
   */
  public Message<byte[]> refusalFrame(String sessionId, Refusal refusal, String receipt) {
    count(refusal, sessionId);
    gate.refuse(sessionId, refusal.reason());
    return ErrorFrames.of(refusal, sessionId, receipt);
  }

  private void count(Refusal refusal, String sessionId) {
    metrics.refused(refusal.reason());
    log.info("refused frame: session={} reason={}", sessionId, refusal.reason().wireName());
  }

  /**
   * What went wrong, in the relay's words. Spring's decoder reports oversized and unparsable
   * frames as conversion errors; Spring's handler itself fails a frame sent before CONNECT and a
   * second CONNECT before any interceptor runs.
   */
  static Refusal asRefusal(Throwable ex, StompCommand command, boolean connected) {
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
    boolean isConnect = command == StompCommand.CONNECT || command == StompCommand.STOMP;
    if (isConnect && connected) {
      return new Refusal(Refusal.Reason.ALREADY_CONNECTED, "this session is already connected; send CONNECT once");
    }
    if (command != null && !isConnect && !connected) {
      return new Refusal(Refusal.Reason.NOT_CONNECTED, "send CONNECT first");
    }
    return new Refusal(Refusal.Reason.MALFORMED_FRAME, "frame could not be processed");
  }
}
