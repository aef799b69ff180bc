package chat.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * {@code --help} and {@code --version} on the relay jar: they print and exit instead of starting a
 * relay (Spring Boot would read them as settings and start one). Everything else is Spring's.
 */
final class RelayCommandLine {

  static final String USAGE_RESOURCE = "/relay-usage.txt";

  private RelayCommandLine() {}

  /** Whether the arguments asked for help or the version; if so it has printed them. */
  static boolean printedInstead(String[] args, PrintStream out) {
    List<String> given = List.of(args);
    if (given.contains("--help") || given.contains("-h")) {
      out.print(resource(USAGE_RESOURCE).replace("${version}", version()));
      return true;
    }
    if (given.contains("--version") || given.contains("-V")) {
      out.println("relay-service " + version());
      return true;
    }
    return false;
  }

  static String version() {
    Properties build = new Properties();
    try (InputStream in = RelayCommandLine.class.getResourceAsStream("/META-INF/build-info.properties")) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException unreadable) {
      // fall through to the manifest
    }
    String version = build.getProperty("build.version", RelayCommandLine.class.getPackage().getImplementationVersion());
    return version == null ? "(development build)" : version;
  }

  private static String resource(String name) {
    try (InputStream in = RelayCommandLine.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(name + " cannot be read", e);
    }
  }
}
