package chat.client.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An invitation to an {@code invite} room: the room, the inviter's identity fingerprint and a
 * 256-bit admission secret, as one text code to pass out of band. The newcomer proves it holds the
 * secret with an HMAC bound to its own keys, so a relay that sees the proof cannot reuse it for a
 * key of its own; and it accepts the room key only from the inviter's fingerprint.
 */
public record Invitation(String room, String inviterFingerprint, byte[] secret) {

  public static final int SECRET_SIZE_IN_BYTES = 32;
  private static final String PREFIX = "e2e1";

  public Invitation {
    secret = secret.clone();
    if (secret.length != SECRET_SIZE_IN_BYTES) {
      throw new IllegalArgumentException("invitation secret must be " + SECRET_SIZE_IN_BYTES + " bytes");
    }
  }

  public static Invitation create(String room, String inviterFingerprint, SecureRandom random) {
    byte[] secret = new byte[SECRET_SIZE_IN_BYTES];
    random.nextBytes(secret);
    return new Invitation(room, inviterFingerprint, secret);
  }

  @Override
  public byte[] secret() {
    return secret.clone();
  }

  /** {@code e2e1.<room>.<fingerprint hex>.<secret base64url>} */
  public String code() {
    return PREFIX + "." + room + "." + inviterFingerprint.replace(" ", "") + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  public static Invitation parse(String code) throws CryptoException {
    String[] parts = code.strip().split("\\.");
    if (parts.length != 4 || !PREFIX.equals(parts[0]) || !parts[2].matches("[0-9a-f]{32}")) {
      throw new CryptoException("not an invitation code");
    }
    try {
      String hex = parts[2];
      StringBuilder fingerprint = new StringBuilder();
      for (int i = 0; i < hex.length(); i += 4) {
        fingerprint.append(i == 0 ? "" : " ").append(hex, i, i + 4);
      }
      return new Invitation(parts[1], fingerprint.toString(), Base64.getUrlDecoder().decode(parts[3]));
    } catch (IllegalArgumentException e) {
      throw new CryptoException("not an invitation code");
    }
  }

  /** Public id of the invitation (hash of the secret), so the inviter finds which one is used. */
  public String id() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(Purpose.INVITE_PROOF.encode("id",
          Base64.getEncoder().encodeToString(secret)));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HMAC-SHA256 under the secret over the newcomer's room, name and both public keys. */
  public String proof(String member, String rsaPublicKey, String identityKey) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(
          Purpose.INVITE_PROOF.encode(room, member, rsaPublicKey, identityKey)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean checkProof(String proof, String member, String rsaPublicKey, String identityKey) {
    return proof != null && MessageDigest.isEqual(proof.getBytes(StandardCharsets.US_ASCII),
        proof(member, rsaPublicKey, identityKey).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "Invitation[room=" + room + ", inviter=" + inviterFingerprint + ", id=" + id() + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Invitation that && that.room.equals(room) && that.inviterFingerprint.equals(inviterFingerprint)
        && MessageDigest.isEqual(that.secret, secret);
  }

  @Override
  public int hashCode() {
    return id().hashCode();
  }
}
