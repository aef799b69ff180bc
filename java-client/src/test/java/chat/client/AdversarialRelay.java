package chat.client;

import chat.relay.membership.SessionRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * A relay that lies, for attack tests: a hook on the real relay's way out to clients that can
 * rewrite or drop any frame addressed to a given member, record what it delivered, and inject or
 * replay frames into a member's subscription. It never holds a member's private key.
 */
final class AdversarialRelay implements WebSocketMessageBrokerConfigurer, ChannelInterceptor {

  /** A frame delivered to a member, with the headers needed to deliver another one like it. */
  record Delivered(String recipient, String body, Message<?> original) {}

  /** recipient member, body → new body, or null to drop. */
  volatile BiFunction<String, String, String> rewrite = (recipient, body) -> body;
  /** Hides the relay's own presence events (joins and leaves) from everyone. */
  volatile boolean hidePresence;
  final List<Delivered> delivered = new CopyOnWriteArrayList<>();
  volatile SessionRegistry sessions;
  volatile MessageChannel clientOutbound;

  @Override
  public void configureClientOutboundChannel(ChannelRegistration registration) {
    registration.interceptors(this);
  }

  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    if (hidePresence && NativeMessageHeaderAccessor.getFirstNativeHeader("relay-event", message.getHeaders()) != null) {
      return null;
    }
    if (SimpMessageHeaderAccessor.getMessageType(message.getHeaders()) != SimpMessageType.MESSAGE
        || NativeMessageHeaderAccessor.getFirstNativeHeader("relay-event", message.getHeaders()) != null
        || sessions == null || !(message.getPayload() instanceof byte[] payload)) {
      return message;
    }
    String recipient = sessions.find(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()))
        .map(s -> s.member()).orElse("?");
    String body = new String(payload, StandardCharsets.UTF_8);
    String changed = rewrite.apply(recipient, body);
    if (changed == null) {
      return null;
    }
    Message<byte[]> out = changed.equals(body) ? castBytes(message)
        : MessageBuilder.createMessage(changed.getBytes(StandardCharsets.UTF_8), message.getHeaders());
    delivered.add(new Delivered(recipient, changed, out));
    return out;
  }

  /** Delivers {@code body} to the member that received {@code like}, on the same subscription. */
  void inject(Delivered like, String body) {
    clientOutbound.send(MessageBuilder.createMessage(body.getBytes(StandardCharsets.UTF_8), like.original().getHeaders()));
  }

  /** The last frame delivered to {@code member} whose body contains {@code marker}. */
  Delivered lastTo(String member, String marker) {
    for (int i = delivered.size() - 1; i >= 0; i--) {
      Delivered d = delivered.get(i);
      if (d.recipient().equals(member) && d.body().contains(marker)) {
        return d;
      }
    }
    throw new AssertionError("nothing containing " + marker + " was delivered to " + member);
  }

  @SuppressWarnings("unchecked")
  private static Message<byte[]> castBytes(Message<?> message) {
    return (Message<byte[]>) message;
  }
}
