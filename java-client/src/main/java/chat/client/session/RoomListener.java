package chat.client.session;

/** What a room session tells its user interface. Called on the session's own thread. */
public interface RoomListener {

  /** The room key is held: {@code created} when this client made it, else {@code from} sent it. */
  void keyed(boolean created, String from, String keyId);

  void message(String author, String text, String id, long sentAtMillis);

  void memberJoined(String member, String fingerprint);

  void memberLeft(String member);

  /** A frame failed a check and was dropped; the chat goes on. */
  void dropped(String reason);

  /** The key exchange failed: this client cannot talk secretly and must disconnect. */
  void keyExchangeFailed(String reason);

  /** Anything else worth telling the user. */
  void notice(String text);
}
