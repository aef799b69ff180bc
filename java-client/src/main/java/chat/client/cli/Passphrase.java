package chat.client.cli;

import chat.client.IdentityFile;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The identity key's passphrase: from {@code --passphrase-file}, from {@code CHAT_IDENTITY_PASSPHRASE},
 * or typed at a masked prompt when the key needs one and there is a terminal. One offered for a key
 * that has none is not silently ignored: on a terminal the user is asked whether to protect the key
 * with it, otherwise told it was not used.
 */
final class Passphrase {

  private Passphrase() {}

  /** The passphrase to open (or make) the key in {@code dir} with; null: none. */
  static char[] obtain(Path file, Path dir, Console console, Output output) throws IOException {
    char[] given = given(file);
    IdentityFile store = new IdentityFile(dir);
    if (store.isProtected()) {
      if (given == null && console != null) {
        given = console.readPassword("passphrase for your identity key (%s): ", store.file());
      }
      return given;
    }
    if (given == null || !store.exists()) {
      return given; // none, or a new key sealed under it
    }
    if (console != null) {
      String answer = console.readLine("your identity key in %s has no passphrase; protect it with the one given?"
          + " [y/N] ", dir);
      if (answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
        store.protect(given);
        output.event("notice", "* your identity key is now protected by that passphrase", Map.of("text", "protected"));
        return given;
      }
    }
    output.event("notice", "* the passphrase was not used: your identity key in " + dir + " has none"
        + (console == null ? " (run once in a terminal to protect it)" : ""), Map.of("text", "passphrase not used"));
    return null;
  }

  private static char[] given(Path file) throws IOException {
    if (file != null) {
      String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
      if (first.isEmpty()) {
        throw new IOException("--passphrase-file " + file + " is empty");
      }
      return first.toCharArray();
    }
    String env = System.getenv("CHAT_IDENTITY_PASSPHRASE");
    return env == null || env.isEmpty() ? null : env.toCharArray();
  }
}
