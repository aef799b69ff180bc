package chat.wire;

import java.util.Set;

/**
 * Headers the relay stamps on every MESSAGE it delivers. Clients may read them but must not trust
 * them: the relay is not trusted. Any client-supplied header with the {@code relay-} prefix is
 * removed before stamping, so a member cannot impersonate the relay.
 */
public final class RelayHeaders {

  public static final String PREFIX = "relay-";
  /** Unique id of this delivery, assigned by the relay. */
  public static final String MESSAGE_ID = "relay-message-id";
  /** Relay-wide id of the sending session (instance id + WebSocket session id). */
  public static final String SESSION = "relay-session";
  /** Member name the sender announced in CONNECT; a claim, not a proof. */
  public static final String MEMBER = "relay-member";
  /** Server time of receipt, epoch milliseconds. */
  public static final String TIMESTAMP = "relay-timestamp";
  /** Present on presence events only: {@link #JOIN} or {@link #LEAVE}. */
  public static final String EVENT = "relay-event";
  public static final String JOIN = "join";
  public static final String LEAVE = "leave";
  /**
   * On the relay's {@code gap} event: some of what was sent while a reconnecting member was away is
   * no longer in the relay's backlog (docs/RELIABILITY.md).
   */
  public static final String GAP = "gap";
  /** On a frame sent again from the relay's backlog to a member catching up: {@code true}. */
  public static final String REPLAY = "relay-replay";
  /**
   * SUBSCRIBE header a reconnecting client may give: the {@link #MESSAGE_ID} of the last frame it
   * saw in that room. The relay then first sends it what followed, from its backlog.
   */
  public static final String SINCE = "since";
  /** On an ERROR frame: why the relay refused (docs/relay.md, "Refusals"). */
  public static final String REFUSAL = "refusal";

  /**
   * CONNECTED headers: the relay's own limits (its settings, which may differ from
   * {@link FrameLimits}'s defaults), so a client can pace itself under them rather than be refused.
   */
  public static final String LIMIT_MESSAGES_PER_SECOND = "relay-messages-per-second";
  public static final String LIMIT_MESSAGE_BURST = "relay-message-burst";
  public static final String LIMIT_MAX_FRAME_BYTES = "relay-max-frame-bytes";

  /** CONNECT header carrying the shared access token, when one is configured. */
  public static final String ACCESS_TOKEN = "access-token";
  /** CONNECT header carrying the member name a client announces. */
  public static final String CONNECT_MEMBER = "member";

  /** Client SEND headers forwarded as they are; everything else is dropped. */
  public static final Set<String> FORWARDED_CLIENT_HEADERS = Set.of("destination", "content-type");

  private RelayHeaders() {}
}
