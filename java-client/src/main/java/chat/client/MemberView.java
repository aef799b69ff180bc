package chat.client;

/**
 * A member as the user sees it in {@code /who}: the name, the identity fingerprint to compare out
 * of band, and what this client knows of it.
 *
 * @param keyed whether the member holds the room's current key
 * @param keyProtection what its announced key takes: {@code hybrid} (RSA-OAEP and ML-KEM-768) or
 *     {@code rsa}; null until its key was seen
 * @param blocked whether its identity key changed since this user trusted it (nothing it sends is
 *     accepted until {@code /trust})
 */
public record MemberView(String name, String fingerprint, boolean keyed, boolean blocked, Trust trust,
    String keyProtection) {

  /** What this user's trust store says of the member's identity. */
  public enum Trust { VERIFIED, NOT_VERIFIED, UNKNOWN }
}
