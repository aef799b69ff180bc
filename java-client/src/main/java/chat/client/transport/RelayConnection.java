package chat.client.transport;

/** What the transport hands up: room frames, the relay's presence hints, and the end of the line. */
public interface RelayConnection {

  /** A room frame's opaque body (never a presence event). */
  void frame(byte[] body);

  /** The relay's join/leave hint for a member name. */
  void presence(String event, String member);

  /**
   * The connection ended. {@code refusedByRelay} when the relay sent an ERROR (its message is in
   * {@code reason}), else the socket was lost.
   */
  void disconnected(String reason, boolean refusedByRelay);
}
