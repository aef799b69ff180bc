package chat.client.protocol;

/** An Ed25519 signature over a purpose label and length-prefixed parts (docs/PROTOCOL.md). */
public final class Signature extends WireBytes {

  /** @throws IllegalArgumentException if the text is empty or not base64 */
  public Signature(String base64) {
    super(base64);
  }

  public static Signature of(byte[] bytes) {
    return new Signature(bytes);
  }

  private Signature(byte[] bytes) {
    super(bytes);
  }

  @Override
  String kind() {
    return "signature";
  }
}
