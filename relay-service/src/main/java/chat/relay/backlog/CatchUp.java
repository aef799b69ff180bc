package chat.relay.backlog;

import chat.relay.membership.SessionRegistry;
import chat.relay.membership.SessionSender;
import chat.wire.RelayHeaders;
import chat.wire.RoomDestination;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;

/**
 * Keeps every room's recent frames ({@link RoomBacklog}) and gives a reconnecting member what it
 * missed: a SUBSCRIBE with {@code since: <relay-message-id>} is answered, after the subscription is
 * in place, with the frames that followed that one (never the member's own), each marked
 * {@code relay-replay: true}, and with a {@code gap} event first when the backlog no longer reaches
 * back that far. A frame that also arrives live is dropped by the client (per-author counters).
 * Bodies stay opaque: they are kept and sent as bytes.
 */
public final class CatchUp implements ChannelInterceptor {

  private final RoomBacklog backlog;
  private final SessionRegistry sessions;
  private final SessionSender sender;
  private final Clock clock;

  public CatchUp(RoomBacklog backlog, SessionRegistry sessions, SessionSender sender, Clock clock) {
    this.backlog = backlog;
    this.sessions = sessions;
    this.sender = sender;
    this.clock = clock;
  }

  /** Runs after the inbound guard: a SEND here was accepted and stamped with the relay's headers. */
  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    StompHeaderAccessor frame = StompHeaderAccessor.wrap(message);
    if (frame.getCommand() != StompCommand.SEND || !(message.getPayload() instanceof byte[] body)) {
      return message;
    }
    String id = frame.getFirstNativeHeader(RelayHeaders.MESSAGE_ID);
    RoomDestination.roomOf(frame.getDestination()).ifPresent(room -> {
      if (id != null) {
        backlog.add(room, RoomBacklog.Entry.of(id, message.getHeaders(), body, clock.millis()));
      }
    });
    return message;
  }

  @EventListener
  public void onSubscribe(SessionSubscribeEvent event) {
    StompHeaderAccessor frame = StompHeaderAccessor.wrap(event.getMessage());
    String given = frame.getFirstNativeHeader(RelayHeaders.SINCE);
    if (given == null) {
      return; // a first subscription: nothing was missed
    }
    // not an id this relay makes: everything held, after a gap event
    String since = given.matches("[A-Za-z0-9._-]{1,128}") ? given : "unknown";
    String sessionId = frame.getSessionId();
    String subscription = frame.getSubscriptionId();
    sessions.find(sessionId).ifPresent(session -> RoomDestination.roomOf(frame.getDestination()).ifPresent(room -> {
      RoomBacklog.Replay replay = backlog.after(room, since, session.member());
      if (replay.gap()) {
        sender.send(gapEvent(sessionId, subscription, room, since));
      }
      for (RoomBacklog.Entry e : replay.entries()) {
        sender.send(frameFor(sessionId, subscription, room, e));
      }
    }));
  }

  private static Message<byte[]> frameFor(String sessionId, String subscription, String room, RoomBacklog.Entry e) {
    SimpMessageHeaderAccessor headers = to(sessionId, subscription, room);
    headers.setNativeHeader(RelayHeaders.MESSAGE_ID, e.messageId());
    headers.setNativeHeader(RelayHeaders.SESSION, e.relaySession());
    headers.setNativeHeader(RelayHeaders.MEMBER, e.member());
    headers.setNativeHeader(RelayHeaders.TIMESTAMP, e.timestamp());
    headers.setNativeHeader(RelayHeaders.REPLAY, "true");
    if (e.contentType() != null) {
      headers.setNativeHeader("content-type", e.contentType());
    }
    return MessageBuilder.createMessage(e.body(), headers.getMessageHeaders());
  }

  private Message<byte[]> gapEvent(String sessionId, String subscription, String room, String since) {
    SimpMessageHeaderAccessor headers = to(sessionId, subscription, room);
    headers.setNativeHeader(RelayHeaders.EVENT, RelayHeaders.GAP);
    headers.setNativeHeader(RelayHeaders.MESSAGE_ID, sessions.instanceId() + "-g-" + UUID.randomUUID());
    headers.setNativeHeader("content-type", "application/json");
    // Room names and relay message ids are restricted to plain characters: no escaping is needed.
    String json = "{\"event\":\"gap\",\"room\":\"" + room + "\",\"since\":\"" + since.replace("\"", "") + "\"}";
    return MessageBuilder.createMessage(json.getBytes(StandardCharsets.UTF_8), headers.getMessageHeaders());
  }

  private static SimpMessageHeaderAccessor to(String sessionId, String subscription, String room) {
    SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
    headers.setSessionId(sessionId);
    headers.setSubscriptionId(subscription);
    headers.setDestination(RoomDestination.of(room));
    headers.setLeaveMutable(true);
    return headers;
  }
}
