package chat.relay.backlog;

import chat.wire.RelayHeaders;
import chat.wire.RoomDestination;
import java.time.Clock;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;

/**
 * In {@code rabbitmq} mode, keeps in this replica's backlog the room frames RabbitMQ delivers to
 * its members, not only those its own members sent: a frame carries the relay message id its first
 * replica stamped, the same on every replica, so a member that reconnects to another replica
 * (its own was lost) is given what it missed there, by the id it saw last, as long as that replica
 * had a member in the room. Each copy after the first is not kept again ({@link RoomBacklog#add}).
 * Presence and gap events, and frames sent again from a backlog, are not room frames.
 */
public final class BrokerCopies implements ChannelInterceptor {

  private final RoomBacklog backlog;
  private final Clock clock;

  public BrokerCopies(RoomBacklog backlog, Clock clock) {
    this.backlog = backlog;
    this.clock = clock;
  }

  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    MessageHeaders headers = message.getHeaders();
    if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE
        || !(message.getPayload() instanceof byte[] body)) {
      return message;
    }
    String id = native_(headers, RelayHeaders.MESSAGE_ID);
    if (id == null || native_(headers, RelayHeaders.EVENT) != null || native_(headers, RelayHeaders.REPLAY) != null) {
      return message;
    }
    RoomDestination.roomOf(SimpMessageHeaderAccessor.getDestination(headers))
        .ifPresent(room -> backlog.add(room, RoomBacklog.Entry.of(id, headers, body, clock.millis())));
    return message;
  }

  private static String native_(MessageHeaders headers, String name) {
    return NativeMessageHeaderAccessor.getFirstNativeHeader(name, headers);
  }
}
