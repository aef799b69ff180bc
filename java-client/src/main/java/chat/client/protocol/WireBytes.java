package chat.client.protocol;

import java.util.Base64;

/**
 * Bytes that travel as base64 text in an envelope: a key, a wrapped key or a signature. Decoded
 * once, when the envelope is read (text that is not base64 never gets past the codec), and kept
 * with the text it came as, because the text is what signatures and record hashes cover. Two are
 * equal when they are of one kind and their text is the same. The protocol package is the only
 * place where base64 is read or written.
 */
public abstract sealed class WireBytes permits IdentityPublicKey, MemberPublicKey, WrappedKey, Signature {

  private final String text;
  private final byte[] bytes;

  WireBytes(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty " + kind());
    }
    this.text = text;
    this.bytes = Base64.getDecoder().decode(text); // IllegalArgumentException if it is not base64
  }

  WireBytes(byte[] bytes) {
    this.bytes = bytes.clone();
    this.text = Base64.getEncoder().encodeToString(bytes);
  }

  /** The base64 text, as it travels and is signed. */
  public final String text() {
    return text;
  }

  public final byte[] bytes() {
    return bytes.clone();
  }

  /** What it is, in words, for a reason a user reads. */
  abstract String kind();

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((WireBytes) o).text.equals(text);
  }

  @Override
  public final int hashCode() {
    return text.hashCode();
  }

  /** The text: none of these is secret (a wrapped key opens only with its member's private key). */
  @Override
  public final String toString() {
    return text;
  }
}
