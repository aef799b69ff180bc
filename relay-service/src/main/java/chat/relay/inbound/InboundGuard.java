package chat.relay.inbound;

import chat.wire.MemberName;
import chat.wire.RelayHeaders;
import chat.wire.RoomDestination;

import chat.relay.limits.RelayProperties;
import chat.relay.metrics.RelayMetrics;
import chat.relay.refusal.Refusal;
import chat.relay.refusal.Refusal.Reason;
import chat.relay.membership.MemberSession;
import chat.relay.membership.SessionRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Checks every client frame before the broker sees it: admission on CONNECT, room destinations
 * and limits on SUBSCRIBE and SEND. On an accepted SEND it drops the client's own headers and
 * stamps the relay's; the body passes through as the same byte array, never read.
 */
public final class InboundGuard implements ChannelInterceptor {

  private static final Pattern HEART_BEAT = Pattern.compile("[0-9]{1,9},[0-9]{1,9}");
  private static final Pattern CONTENT_LENGTH = Pattern.compile("[0-9]{1,10}");
  private static final Set<String> VERSIONS = Set.of("1.1", "1.2");
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
      // Spring's decoder takes the server's commands from a client too; the broker would fan out a MESSAGE
      case MESSAGE, RECEIPT, ERROR, CONNECTED -> throw new Refusal(Reason.MALFORMED_FRAME, command
          + " is a frame servers send, not clients");
      case ACK, NACK, BEGIN, COMMIT, ABORT -> throw new Refusal(Reason.UNSUPPORTED_FRAME, command
          + " is not supported: subscriptions are ack:auto and there are no transactions");
      default -> message;
    };
  }

  private void connect(StompHeaderAccessor frame) {
    Set<String> versions = frame.getAcceptVersion();
    if (versions.stream().noneMatch(VERSIONS::contains)) {
      // STOMP 1.2 "Protocol Negotiation": no accept-version header means a STOMP 1.0 client
      throw new Refusal(Reason.UNSUPPORTED_VERSION, "this relay speaks STOMP 1.2 and 1.1; send accept-version:1.2");
    }
    String heartBeat = frame.getFirstNativeHeader("heart-beat");
    if (heartBeat != null && !HEART_BEAT.matcher(heartBeat).matches()) {
      throw new Refusal(Reason.MALFORMED_FRAME, "heart-beat must be two non-negative integers, such as 10000,10000");
    }
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
    if (member != null && !MemberName.isValid(member)) {
      throw new Refusal(Reason.INVALID_MEMBER, "member names are " + MemberName.RULE);
    }
    long clientWants = heartBeat == null ? 0 : Long.parseLong(heartBeat.substring(heartBeat.indexOf(',') + 1));
    long heartbeatMillis = clientWants == 0 ? 0 : Math.max(clientWants, limits.heartbeat().toMillis());
    sessions.admit(frame.getSessionId(), member == null ? ANONYMOUS : member, heartbeatMillis)
        .orElseThrow(() -> new Refusal(Reason.TOO_MANY_SESSIONS,
            "the relay is full (" + limits.maxSessions() + " sessions); try again later"));
  }

  private void subscribe(StompHeaderAccessor frame) {
    MemberSession session = connected(frame);
    String id = frame.getSubscriptionId();
    if (id == null || id.isEmpty()) {
      throw new Refusal(Reason.MALFORMED_FRAME, "SUBSCRIBE needs an id header");
    }
    String ack = frame.getFirstNativeHeader("ack");
    if (ack != null && !"auto".equals(ack)) {
      throw new Refusal(Reason.UNSUPPORTED_FRAME, "only ack:auto subscriptions are supported");
    }
    String room = roomOf(frame.getDestination());
    if (session.hasSubscription(id)) {
      throw new Refusal(Reason.SUBSCRIPTION_ID_IN_USE, "subscription id '" + id
          + "' is already in use on this session; give each SUBSCRIBE its own id");
    }
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
    String declaredLength = frame.getFirstNativeHeader("content-length");
    if (declaredLength != null && !CONTENT_LENGTH.matcher(declaredLength).matches()) {
      throw new Refusal(Reason.MALFORMED_FRAME, "content-length must be the body's length in bytes");
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
    Object payload = message.getPayload();
    if (payload instanceof byte[] body && !BodyEncoding.isUtf8(body)) {
      binaryBody(frame);
    }
    frame.setNativeHeader(RelayHeaders.MESSAGE_ID, sessions.instanceId() + "-" + nextMessageNumber.incrementAndGet());
    frame.setNativeHeader(RelayHeaders.SESSION, session.relaySessionId());
    frame.setNativeHeader(RelayHeaders.MEMBER, session.member());
    frame.setNativeHeader(RelayHeaders.TIMESTAMP, Long.toString(clock.millis()));
    metrics.received(payload instanceof byte[] body ? body.length : 0);
    return MessageBuilder.createMessage(payload, frame.getMessageHeaders());
  }

  /**
   * Bytes that are not UTF-8 can only travel in a binary WebSocket frame, and Spring chooses that
   * by the content type alone. STOMP 1.2 ("Header content-type") says a body without a content
   * type is a binary blob, so saying so changes nothing for the receiver; a text content type on
   * such bytes is a contradiction the relay refuses rather than delivering mangled bytes.
   */
  private static void binaryBody(StompHeaderAccessor frame) {
    MimeType declared = frame.getContentType();
    if (declared == null) {
      frame.setContentType(MimeTypeUtils.APPLICATION_OCTET_STREAM);
    } else if (!MimeTypeUtils.APPLICATION_OCTET_STREAM.isCompatibleWith(declared)) {
      throw new Refusal(Reason.MALFORMED_FRAME, "a body that is not UTF-8 text needs content-type "
          + "application/octet-stream or none");
    }
  }

  private MemberSession connected(StompHeaderAccessor frame) {
    return sessions.find(frame.getSessionId())
        .orElseThrow(() -> new Refusal(Reason.NOT_CONNECTED, "send CONNECT first"));
  }

  private static String roomOf(String destination) {
    return RoomDestination.roomOf(destination).orElseThrow(() -> destination != null
        && destination.startsWith(RoomDestination.PREFIX)
        ? new Refusal(Reason.INVALID_ROOM, "room names are " + RoomDestination.RULE)
        : new Refusal(Reason.DESTINATION_NOT_ALLOWED, "only " + RoomDestination.PREFIX + "<room> is served"));
  }
}
