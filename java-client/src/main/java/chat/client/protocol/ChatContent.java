package chat.client.protocol;

/**
 * The plaintext sealed inside a chat message's Fernet token: who wrote what in which room, with
 * the SHA-256 of the text. None of it is ever visible to the relay.
 */
public record ChatContent(int version, String room, String author, String id, long sentAtMillis, String text,
    String sha256) {

  @Override
  public String toString() {
    return "ChatContent[room=" + room + ", author=" + author + ", id=" + id + ", " + text.length() + " chars]";
  }
}
