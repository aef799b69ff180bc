package chat.relay.routing;

import chat.relay.config.RelayProperties;
import chat.relay.metrics.RelayMetrics;
import chat.relay.refusal.Refusal;
import chat.relay.refusal.Refusal.Reason;
import chat.relay.session.MemberSession;
import chat.relay.session.SessionRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Checks every client frame before the broker sees it: admission on CONNECT, room destinations
 * and limits on SUBSCRIBE and SEND. On an accepted SEND it drops the client's own headers and
 * stamps the relay's; the body passes through as the same byte array, never read.
 */
public final class InboundGuard implements ChannelInterceptor {

  public static final int MAX_MEMBER_NAME_CHARS = 32;
  private static final Pattern MEMBER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_MEMBER_NAME_CHARS + "}");
  private static final String ANONYMOUS = "anonymous";

  private final RelayProperties limits;
  private final SessionRegistry sessions;
  private final RelayMetrics metrics;
  private final Clock clock;
  private final AtomicLong nextMessageNumber = new AtomicLong();

  public InboundGuard(RelayProperties limits, SessionRegistry sessions, RelayMetrics metrics, Clock clock) {
    this.limits = limits;
    this.sessions = sessions;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    StompHeaderAccessor frame = StompHeaderAccessor.wrap(message);
    StompCommand command = frame.getCommand();
    if (command == null) {
      return message; // heartbeat
    }
    return switch (command) {
      case CONNECT, STOMP -> {
        connect(frame);
        yield MessageBuilder.createMessage(message.getPayload(), frame.getMessageHeaders());
      }
      case SUBSCRIBE -> {
        subscribe(frame);
        yield message;
      }
      case SEND -> send(frame, message);
      default -> message;
    };
  }

  private void connect(StompHeaderAccessor frame) {
    if (limits.accessTokenRequired()) {
      String presented = frame.getFirstNativeHeader(RelayHeaders.ACCESS_TOKEN);
      if (presented == null) {
        throw new Refusal(Reason.UNAUTHORIZED, "this relay requires an access token in the CONNECT header '"
            + RelayHeaders.ACCESS_TOKEN + "'");
      }
      if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
          limits.accessToken().getBytes(StandardCharsets.UTF_8))) {
        throw new Refusal(Reason.UNAUTHORIZED, "the access token is wrong");
      }
    }
    frame.removeNativeHeader(RelayHeaders.ACCESS_TOKEN); // checked here; the broker never needs to see it
    String member = frame.getFirstNativeHeader(RelayHeaders.CONNECT_MEMBER);
    if (member != null && !MEMBER_NAME.matcher(member).matches()) {
      throw new Refusal(Reason.INVALID_MEMBER, "member names are 1 to " + MAX_MEMBER_NAME_CHARS
          + " characters of A-Z a-z 0-9 _ . -");
    }
    sessions.admit(frame.getSessionId(), member == null ? ANONYMOUS : member)
        .orElseThrow(() -> new Refusal(Reason.TOO_MANY_SESSIONS,
            "the relay is full (" + limits.maxSessions() + " sessions); try again later"));
  }

  private void subscribe(StompHeaderAccessor frame) {
    MemberSession session = connected(frame);
    String room = roomOf(frame.getDestination());
    if (session.isIn(room)) {
      throw new Refusal(Reason.ALREADY_SUBSCRIBED, "already subscribed to room '" + room + "'");
    }
    if (session.subscriptionCount() >= limits.maxSubscriptionsPerSession()) {
      throw new Refusal(Reason.TOO_MANY_SUBSCRIPTIONS, "at most " + limits.maxSubscriptionsPerSession()
          + " rooms per session");
    }
    sessions.subscribe(session, frame.getSubscriptionId(), room);
  }

  private Message<?> send(StompHeaderAccessor frame, Message<?> message) {
    MemberSession session = connected(frame);
    String room = roomOf(frame.getDestination());
    if (!session.isIn(room)) {
      throw new Refusal(Reason.NOT_IN_ROOM, "subscribe to room '" + room + "' before sending to it");
    }
    if (!session.tryTakeSendToken()) {
      throw new Refusal(Reason.RATE_LIMITED, "more than " + limits.messageBurst() + " frames in a burst or "
          + limits.messagesPerSecond() + " per second");
    }
    String receipt = frame.getReceipt();
    if (receipt != null) {
      frame.setHeader(ReceiptWriter.RECEIPT_ATTRIBUTE, receipt);
    }
    for (String name : frame.toNativeHeaderMap().keySet()) {
      boolean brokerAnswersReceipt = limits.broker().isRabbitMq() && "receipt".equals(name);
      if (!RelayHeaders.FORWARDED_CLIENT_HEADERS.contains(name) && !brokerAnswersReceipt) {
        frame.removeNativeHeader(name);
      }
    }
    frame.setNativeHeader(RelayHeaders.MESSAGE_ID, sessions.instanceId() + "-" + nextMessageNumber.incrementAndGet());
    frame.setNativeHeader(RelayHeaders.SESSION, session.relaySessionId());
    frame.setNativeHeader(RelayHeaders.MEMBER, session.member());
    frame.setNativeHeader(RelayHeaders.TIMESTAMP, Long.toString(clock.millis()));
    Object payload = message.getPayload();
    metrics.received(payload instanceof byte[] body ? body.length : 0);
    return MessageBuilder.createMessage(payload, frame.getMessageHeaders());
  }

  private MemberSession connected(StompHeaderAccessor frame) {
    return sessions.find(frame.getSessionId())
        .orElseThrow(() -> new Refusal(Reason.NOT_CONNECTED, "send CONNECT first"));
  }

  private static String roomOf(String destination) {
    return RoomDestination.roomOf(destination).orElseThrow(() -> destination != null
        && destination.startsWith(RoomDestination.PREFIX)
        ? new Refusal(Reason.INVALID_ROOM, "room names are 1 to " + RoomDestination.MAX_ROOM_NAME_CHARS
            + " characters of A-Z a-z 0-9 _ -")
        : new Refusal(Reason.DESTINATION_NOT_ALLOWED, "only " + RoomDestination.PREFIX + "<room> is served"));
  }
}
