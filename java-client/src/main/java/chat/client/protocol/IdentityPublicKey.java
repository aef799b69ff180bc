package chat.client.protocol;

/** A member's Ed25519 identity key (X.509 DER): what signs its announces, records and messages. */
public final class IdentityPublicKey extends WireBytes {

  /** @throws IllegalArgumentException if the text is empty or not base64 */
  public IdentityPublicKey(String base64) {
    super(base64);
  }

  public static IdentityPublicKey of(byte[] bytes) {
    return new IdentityPublicKey(bytes);
  }

  private IdentityPublicKey(byte[] bytes) {
    super(bytes);
  }

  @Override
  String kind() {
    return "identity key";
  }
}
