package chat.client.cli;

import java.nio.file.Path;

/**
 * Where the defaults file is: {@code --config FILE} if given, else {@code config} beside the
 * identities ({@code ~/.config/e2e-chat/config}). It holds {@code name=value} lines named as the long
 * options are ({@code server=wss://chat.example.org/chat}, {@code user=bob}, {@code room=den},
 * {@code color=never}, {@code trust-store=/path/ca.pem}); the command line wins over it.
 */
final class ConfigFile {

  private ConfigFile() {}

  /** Read before picocli parses, since the defaults must be known by then. */
  static Path location(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    return IdentityChoice.defaultBase().resolve("config");
  }
}
