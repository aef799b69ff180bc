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

  /** Why a frame was refused; the wire name is the {@code refusal} header and the metric tag. */
  public enum Reason {
    FRAME_TOO_LARGE("frame-too-large"),
    MALFORMED_FRAME("malformed-frame"),
    INVALID_ROOM("invalid-room"),
    DESTINATION_NOT_ALLOWED("destination-not-allowed"),
    ALREADY_SUBSCRIBED("already-subscribed"),
    NOT_IN_ROOM("not-in-room"),
    TOO_MANY_SUBSCRIPTIONS("too-many-subscriptions"),
    RATE_LIMITED("rate-limited"),
    UNAUTHORIZED("unauthorized"),
    INVALID_MEMBER("invalid-member"),
    TOO_MANY_SESSIONS("too-many-sessions"),
    NOT_CONNECTED("not-connected");

    private final String wireName;

    Reason(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
