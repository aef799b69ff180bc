package chat.client.transport;

/** What the transport hands up: room frames, the relay's presence hints, and the end of the line. */
public interface RelayConnection {

  /** A room frame's opaque body (never a presence event). */
  void frame(byte[] body);

  /** The relay's join/leave hint for a member name. */
  void presence(String event, String member);

  /** Catching up after a reconnect, the relay no longer holds some of what was sent meanwhile. */
  default void gap() {}

  /**
   * The connection ended. {@code refusal} is the relay's wire name for why, when it sent an ERROR
   * (its words are in {@code reason}); null when the link was lost (closed, reset, or silent).
   */
  void disconnected(String reason, String refusal);
}
