package chat.wire;

import java.util.regex.Pattern;

/**
 * The rule for the member name a client announces in CONNECT's {@code member} header: what the
 * relay accepts and the client lets a user choose. A claim, never a proof of identity.
 */
public final class MemberName {

  public static final int MAX_CHARS = 32;
  /** The rule in words, for error messages on both sides. */
  public static final String RULE = "1 to " + MAX_CHARS + " characters of A-Z a-z 0-9 _ . -";
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_CHARS + "}");

  private MemberName() {}

  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }
}
