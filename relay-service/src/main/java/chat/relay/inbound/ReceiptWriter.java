package chat.relay.inbound;

import chat.relay.membership.SessionSender;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Answers a {@code receipt} header on SUBSCRIBE, UNSUBSCRIBE and SEND once the broker has handled
 * the frame (STOMP 1.2 "RECEIPT"). Spring's simple broker sends none, so a client waiting for one
 * would hang; with the inbound channel synchronous, "handled" means the subscription is in place
 * or the frame was fanned out.
 */
public final class ReceiptWriter implements ChannelInterceptor {

  /** Where the guard keeps a SEND's receipt after stripping client headers. */
  static final String RECEIPT_ATTRIBUTE = "relayReceipt";

  private final SessionSender sender;

  public ReceiptWriter(SessionSender sender) {
    this.sender = sender;
  }

  @Override
  public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
    if (!sent || ex != null) {
      return;
    }
    StompHeaderAccessor frame = StompHeaderAccessor.wrap(message);
    StompCommand command = frame.getCommand();
    if (command != StompCommand.SUBSCRIBE && command != StompCommand.UNSUBSCRIBE && command != StompCommand.SEND) {
      return;
    }
    Object kept = message.getHeaders().get(RECEIPT_ATTRIBUTE);
    String receipt = kept != null ? kept.toString() : frame.getReceipt();
    if (receipt == null) {
      return;
    }
    StompHeaderAccessor answer = StompHeaderAccessor.create(StompCommand.RECEIPT);
    answer.setSessionId(frame.getSessionId());
    answer.setReceiptId(receipt);
    answer.setLeaveMutable(true);
    sender.send(MessageBuilder.createMessage(new byte[0], answer.getMessageHeaders()));
  }
}
