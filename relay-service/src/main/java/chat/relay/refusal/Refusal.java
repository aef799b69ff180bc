package chat.relay.refusal;

import org.springframework.messaging.MessagingException;

/**
 * A frame the relay will not accept. Thrown from the inbound guard; {@link RefusalErrorHandler}
 * turns it into a STOMP ERROR frame (STOMP 1.2 section "ERROR": the connection is closed after
 * it) and counts it. The text is for humans and names no secret and no message content.
 */
public final class Refusal extends MessagingException {

  private final Reason reason;

  public Refusal(Reason reason, String detail) {
    super(reason.wireName() + ": " + detail);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /**
   * Why a frame was refused: the wire name is the {@code refusal} header and the metric tag; the
   * close code is the WebSocket status the connection is closed with after the ERROR (RFC 6455
   * 7.4: 4000-4999 are for applications), one per reason so a client can tell them apart without
   * parsing text. docs/relay.md lists them.
   */
  public enum Reason {
    FRAME_TOO_LARGE("frame-too-large", 1009),
    MALFORMED_FRAME("malformed-frame", 4400),
    UNAUTHORIZED("unauthorized", 4401),
    INVALID_MEMBER("invalid-member", 4402),
    DESTINATION_NOT_ALLOWED("destination-not-allowed", 4403),
    INVALID_ROOM("invalid-room", 4404),
    UNSUPPORTED_FRAME("unsupported-frame", 4405),
    UNSUPPORTED_VERSION("unsupported-version", 4406),
    NOT_CONNECTED("not-connected", 4407),
    ALREADY_CONNECTED("already-connected", 4408),
    ALREADY_SUBSCRIBED("already-subscribed", 4409),
    SUBSCRIPTION_ID_IN_USE("subscription-id-in-use", 4410),
    NOT_IN_ROOM("not-in-room", 4411),
    TOO_MANY_SUBSCRIPTIONS("too-many-subscriptions", 4412),
    CONNECT_TIMEOUT("connect-timeout", 4420),
    FRAME_TIMEOUT("frame-timeout", 4421),
    HEARTBEAT_TIMEOUT("heartbeat-timeout", 4422),
    RATE_LIMITED("rate-limited", 4429),
    TOO_MANY_SESSIONS("too-many-sessions", 4503),
    SHUTTING_DOWN("shutting-down", 1001);

    private final String wireName;
    private final int closeCode;

    Reason(String wireName, int closeCode) {
      this.wireName = wireName;
      this.closeCode = closeCode;
    }

    public String wireName() {
      return wireName;
    }

    /** The WebSocket close status that follows this refusal's ERROR frame. */
    public int closeCode() {
      return closeCode;
    }
  }
}
