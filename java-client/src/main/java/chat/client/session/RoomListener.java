package chat.client.session;

/** What a room session tells its user interface. Called on the session's own thread. */
public interface RoomListener {

  /** The room key of {@code epoch} is held: {@code created} when this client made it, else {@code from} sent it. */
  void keyed(boolean created, String from, String keyId, long epoch, String policy);

  /** A room message; {@code verified} is false when signed by an identity key the user has not accepted. */
  void message(String author, String text, String id, long sentAtMillis, boolean verified);

  /**
   * {@code count} messages from {@code author} never arrived (its messages are numbered): the relay,
   * or the network, dropped them. By default told as a notice.
   */
  default void missing(String author, long count) {
    notice(count + (count == 1 ? " message" : " messages") + " from " + author + " did not arrive");
  }

  /**
   * In an {@code approve} room: {@code member} says our join request waits for a member to accept
   * it; we wait up to {@code wait}. By default told as a notice.
   */
  default void awaitingApproval(String member, java.time.Duration wait) {
    notice("this room admits by approval: " + member + " says your request waits for a member to accept it"
        + " (waiting up to " + wait.toMinutes() + " min)");
  }

  /** A direct message to us alone. */
  void direct(String author, String text, String id, long sentAtMillis, boolean verified);

  void memberJoined(String member, String fingerprint);

  void memberLeft(String member);

  /** In an {@code approve} room: someone asks to join; a member may {@code /accept} them. */
  void joinRequest(String member, String fingerprint);

  /** A known member presented a different identity key: it gets no key until the user accepts it. */
  void identityChanged(String member, String knownFingerprint, String presentedFingerprint, boolean wasVerified);

  /** Something that looks like an attack (a relay injecting keys, forged invitations, ...). */
  void alert(String text);

  /** A frame failed a check and was dropped; the chat goes on. */
  void dropped(String reason);

  /** The key exchange failed: this client cannot talk secretly and must disconnect. */
  void keyExchangeFailed(String reason);

  /**
   * The room's creator removed this member: it will get no further room key and must leave. By
   * default told like a failed key exchange, which it is from here on.
   */
  default void removed(String reason) {
    keyExchangeFailed(reason);
  }

  /** Anything else worth telling the user. */
  void notice(String text);

  /** The key protection the room's charter requires ({@code hybrid} or {@code rsa}), said before each {@link #keyed}. */
  default void keyProtection(String protection) {}

  /** How the room's keys move (a rekey and why): for those who asked for details. By default a notice. */
  default void keyDetail(String text) {
    notice(text);
  }
}
