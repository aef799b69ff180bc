package chat.client.cli;

import chat.client.IdentityFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * Who this run is: the name given, else the random name this machine used last (so a fingerprint
 * a friend verified stays verified), else a new random one, remembered for next time; and where
 * that identity's key lives ({@code $XDG_CONFIG_HOME/e2e-chat/NAME}, else {@code ~/.config/...}).
 */
final class IdentityChoice {

  static final String LAST_RANDOM = "last-random-user";

  private final Path base;

  IdentityChoice(Path base) {
    this.base = base;
  }

  /** {@code $XDG_CONFIG_HOME/e2e-chat}, else {@code ~/.config/e2e-chat}. */
  static Path defaultBase() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path config = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return config.resolve("e2e-chat");
  }

  Path base() {
    return base;
  }

  Path directoryOf(String member) {
    return base.resolve(member);
  }

  /** The name to use when none was given: the last random one, unless {@code fresh} or there is none. */
  String randomName(boolean fresh, SecureRandom random) {
    Path last = base.resolve(LAST_RANDOM);
    try {
      if (!fresh && Files.isRegularFile(last)) {
        String name = Files.readString(last, StandardCharsets.UTF_8).strip();
        if (chat.wire.MemberName.isValid(name)) {
          return name;
        }
      }
      String name = MemberNames.random(random);
      Files.createDirectories(base);
      Files.writeString(last, name + "\n", StandardCharsets.UTF_8);
      return name;
    } catch (IOException e) {
      return MemberNames.random(random); // not remembered: this run still works
    }
  }

  /** Whether an identity key already exists in {@code dir} (else this run makes one). */
  static boolean exists(Path dir) {
    return new IdentityFile(dir).exists();
  }
}
