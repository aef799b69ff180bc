package chat.client.protocol;

/** A room key or a direct message's one-time key, wrapped with RSA-OAEP for one member. */
public final class WrappedKey extends WireBytes {

  /** @throws IllegalArgumentException if the text is empty or not base64 */
  public WrappedKey(String base64) {
    super(base64);
  }

  public static WrappedKey of(byte[] bytes) {
    return new WrappedKey(bytes);
  }

  private WrappedKey(byte[] bytes) {
    super(bytes);
  }

  @Override
  String kind() {
    return "wrapped key";
  }
}
