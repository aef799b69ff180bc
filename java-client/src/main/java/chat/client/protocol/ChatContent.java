package chat.client.protocol;

/**
 * The plaintext sealed inside a chat or direct message's Fernet token: who wrote what, where,
 * in which epoch, with the author's message counter, the SHA-256 of the text and the author's
 * Ed25519 signature over all of it. None of it is visible to the relay.
 *
 * @param kind {@code text}, or, in a direct message to a newcomer, {@code pending} or {@code refused}
 *     (a removal is a membership record, not a message)
 */
public record ChatContent(int version, String room, long epoch, String author, String id, long counter,
    long sentAtMillis, String kind, String target, String text, String sha256, Signature signature) {

  public static final String TEXT = "text";
  /** Direct, to a newcomer of an {@code approve} room: its request waits for a member to accept it. */
  public static final String PENDING = "pending";
  /** Direct, to a newcomer of an {@code approve} room: a member refused it. */
  public static final String REFUSED = "refused";
  /** Every kind a receiver knows; anything else is refused at decoding. */
  public static final java.util.Set<String> KINDS = java.util.Set.of(TEXT, PENDING, REFUSED);

  public ChatContent withSignature(Signature signature) {
    return new ChatContent(version, room, epoch, author, id, counter, sentAtMillis, kind, target, text, sha256,
        signature);
  }

  /** The signed fields, in order. */
  public String[] signedParts(String recipient) {
    return new String[] {room, Long.toString(epoch), author, id, Long.toString(counter), Long.toString(sentAtMillis),
        kind, target == null ? "" : target, sha256, recipient == null ? "" : recipient};
  }

  @Override
  public String toString() {
    return "ChatContent[room=" + room + ", epoch=" + epoch + ", author=" + author + ", kind=" + kind + ", "
        + text.length() + " chars]";
  }
}
