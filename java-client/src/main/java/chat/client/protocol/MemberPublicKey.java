package chat.client.protocol;

/** A member's RSA public key (X.509 DER): what room keys and direct messages are wrapped for. */
public final class MemberPublicKey extends WireBytes {

  /** @throws IllegalArgumentException if the text is empty or not base64 */
  public MemberPublicKey(String base64) {
    super(base64);
  }

  public static MemberPublicKey of(byte[] bytes) {
    return new MemberPublicKey(bytes);
  }

  private MemberPublicKey(byte[] bytes) {
    super(bytes);
  }

  @Override
  String kind() {
    return "RSA public key";
  }
}
