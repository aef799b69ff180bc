package chat.relay.refusal;

import java.nio.charset.StandardCharsets;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;

/**
 * The one shape of every ERROR frame the relay sends (STOMP 1.2 "ERROR"): a {@code message}
 * header with the reason in words, a {@code refusal} header with its wire name, the same words as
 * a {@code text/plain} body, and the {@code receipt-id} of the refused frame when it asked for a
 * receipt.
 */
public final class ErrorFrames {

  public static final String REFUSAL_HEADER = "refusal";
  static final MimeType TEXT = new MimeType("text", "plain", StandardCharsets.UTF_8);

  private ErrorFrames() {}

  public static Message<byte[]> of(Refusal refusal, String sessionId, String receiptId) {
    StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
    error.setSessionId(sessionId);
    error.setMessage(refusal.getMessage());
    error.setNativeHeader(REFUSAL_HEADER, refusal.reason().wireName());
    error.setContentType(TEXT);
    if (receiptId != null) {
      error.setReceiptId(receiptId);
    }
    error.setLeaveMutable(true);
    return MessageBuilder.createMessage(refusal.getMessage().getBytes(StandardCharsets.UTF_8),
        error.getMessageHeaders());
  }
}
