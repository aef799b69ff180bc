package chat.relay;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.limits.RelayProperties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RelayCommandLineTest {

  @Test
  void help_printsUsageWithEverySetting_andDoesNotStartARelay() {
    String out = run("--help");
    assertThat(out).startsWith("relay-service ").contains("Usage: java -jar relay-service.jar");
    // every relay.* setting the relay binds is in the table, so the help cannot fall behind the code
    Arrays.stream(RelayProperties.class.getRecordComponents()).map(c -> kebab(c.getName()))
        .forEach(setting -> assertThat(out).as("--help lists relay." + setting).contains("relay." + setting));
    // the broker's lines abbreviate ("relay.broker.host / .port", "client-login / -passcode")
    Arrays.stream(RelayProperties.Broker.class.getRecordComponents()).map(c -> kebab(c.getName()))
        .map(name -> name.equals("port") ? "relay.broker.host / .port"
            : name.endsWith("-passcode") ? "relay.broker." + name.replace("-passcode", "-login / -passcode")
            : "relay.broker." + name)
        .forEach(setting -> assertThat(out).as("--help lists " + setting).contains(setting));
  }

  @Test
  void version_printsTheVersion() {
    assertThat(run("--version")).startsWith("relay-service ").endsWith(System.lineSeparator());
  }

  @Test
  void settings_areLeftToSpring() {
    assertThat(RelayCommandLine.printedInstead(new String[] {"--server.port=0"}, new PrintStream(new ByteArrayOutputStream())))
        .isFalse();
  }

  private static String run(String arg) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    assertThat(RelayCommandLine.printedInstead(new String[] {arg}, new PrintStream(bytes, true, StandardCharsets.UTF_8)))
        .isTrue();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }
}
