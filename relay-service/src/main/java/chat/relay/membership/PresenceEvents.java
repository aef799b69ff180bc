package chat.relay.membership;

import chat.relay.metrics.RelayMetrics;
import chat.relay.refusal.Refusal;
import chat.wire.RelayHeaders;
import chat.wire.RoomDestination;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionSubscribeEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * Tells a room when a session joins or leaves it. The event is a hint for clients (who must not
 * trust the relay); it goes to every member but the one who joined or left.
 */
public final class PresenceEvents implements ChannelInterceptor {

  private static final Logger log = LoggerFactory.getLogger(PresenceEvents.class);

  private final SessionRegistry sessions;
  private final Supplier<SimpMessageSendingOperations> broker;
  private final RelayMetrics metrics;
  private final Clock clock;
  private final InboundGate gate;

  /** @param broker looked up at the first event: Spring makes it after the relay's parts (see SessionSender) */
  public PresenceEvents(SessionRegistry sessions, Supplier<SimpMessageSendingOperations> broker, RelayMetrics metrics,
      Clock clock, InboundGate gate) {
    this.gate = gate;
    this.sessions = sessions;
    this.broker = broker;
    this.metrics = metrics;
    this.clock = clock;
  }

  @EventListener
  public void onSubscribe(SessionSubscribeEvent event) {
    StompHeaderAccessor frame = StompHeaderAccessor.wrap(event.getMessage());
    sessions.find(frame.getSessionId()).ifPresent(session ->
        RoomDestination.roomOf(frame.getDestination()).ifPresent(room -> publish("join", room, session)));
  }

  @EventListener
  public void onUnsubscribe(SessionUnsubscribeEvent event) {
    StompHeaderAccessor frame = StompHeaderAccessor.wrap(event.getMessage());
    sessions.find(frame.getSessionId()).ifPresent(session ->
        sessions.unsubscribe(session.sessionId(), frame.getSubscriptionId())
            .filter(room -> !sessions.stillIn(session.member(), room)).ifPresent(room -> publish("leave", room, session)));
  }

  @EventListener
  public void onDisconnect(SessionDisconnectEvent event) {
    CloseStatus status = event.getCloseStatus();
    // the container's own close of a message over its buffer; the relay's frame-too-large refusal
    // closes with the same code but was counted when it was refused
    if (CloseStatus.TOO_BIG_TO_PROCESS.equalsCode(status) && !gate.isRefused(event.getSessionId())) {
      metrics.refused(Refusal.Reason.FRAME_TOO_LARGE);
      log.info("closed session sending an oversized WebSocket message: session={}", event.getSessionId());
    }
    sessionEnded(event.getSessionId());
  }

  /**
   * A DISCONNECT frame ends the session's membership at once: with a broker relay the WebSocket
   * may stay open until the client closes it, and the room should not wait for that.
   */
  @Override
  public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, Exception ex) {
    if (StompHeaderAccessor.wrap(message).getCommand() == StompCommand.DISCONNECT) {
      sessionEnded(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()));
    }
  }

  /**
   * Idempotent: the registry forgets a session once, so leave events go out once. No leave while
   * another session of the same name is in the room (on this relay): a client that reconnected
   * before its old connection timed out has not left, and saying so would make the room move on
   * without it.
   */
  private void sessionEnded(String sessionId) {
    MemberSession session = sessions.find(sessionId).orElse(null);
    for (String room : sessions.remove(sessionId)) {
      if (!sessions.stillIn(session.member(), room)) {
        publish("leave", room, session);
      }
    }
  }

  private void publish(String kind, String room, MemberSession who) {
    SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
    headers.setNativeHeader(RelayHeaders.EVENT, kind);
    headers.setNativeHeader(RelayHeaders.MESSAGE_ID, sessions.instanceId() + "-p-" + UUID.randomUUID());
    headers.setNativeHeader(RelayHeaders.SESSION, who.relaySessionId());
    headers.setNativeHeader(RelayHeaders.MEMBER, who.member());
    headers.setNativeHeader(RelayHeaders.TIMESTAMP, Long.toString(clock.millis()));
    headers.setNativeHeader("content-type", "application/json");
    headers.setLeaveMutable(true);
    // Member names are restricted to [A-Za-z0-9_.-], session ids to the relay's own, so no escaping is needed.
    String json = "{\"event\":\"" + kind + "\",\"room\":\"" + room + "\",\"member\":\"" + who.member()
        + "\",\"session\":\"" + who.relaySessionId() + "\"}";
    try {
      broker.get().send(RoomDestination.of(room),
          MessageBuilder.createMessage(json.getBytes(StandardCharsets.UTF_8), headers.getMessageHeaders()));
      metrics.presencePublished();
    } catch (MessagingException e) {
      // Presence is a hint: while the broker is away it is lost, and members learn of it otherwise.
      log.warn("presence event not published: room={} event={} ({})", room, kind, e.getClass().getSimpleName());
    }
  }
}
