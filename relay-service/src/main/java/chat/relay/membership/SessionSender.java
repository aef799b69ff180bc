package chat.relay.membership;

import java.util.function.Supplier;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

/**
 * Sends a frame to one session (the session id is in the frame's headers) through the client
 * outbound channel, so it takes the session's lane like every other frame to it.
 *
 * <p>Why a supplier: the channel is made by Spring's STOMP configuration, which itself needs the
 * relay's interceptors, and some of them send; so the channel is looked up at the first send, not
 * when the parts are wired. This is the one place that knows it.
 */
public final class SessionSender {

  private final Supplier<MessageChannel> clientOutbound;

  public SessionSender(Supplier<MessageChannel> clientOutbound) {
    this.clientOutbound = clientOutbound;
  }

  public void send(Message<?> frame) {
    clientOutbound.get().send(frame);
  }
}
