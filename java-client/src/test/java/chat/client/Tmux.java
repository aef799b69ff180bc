package chat.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real terminal for the client: a tmux session on a server of the test's own, driven with
 * send-keys and read with capture-pane, as a person would type and see. The command's exit code
 * is printed after it as {@code EXIT=n}.
 */
final class Tmux implements AutoCloseable {

  private static final String SOCKET = "chat-it-" + ProcessHandle.current().pid();
  private final String session;

  /** @param shellCommand run by sh in a 120x30 window */
  Tmux(String session, String shellCommand) throws IOException, InterruptedException {
    Assumptions.assumeTrue(run("tmux", "-V") == 0, "tmux is not installed");
    this.session = session;
    int started = run("tmux", "-L", SOCKET, "new-session", "-d", "-s", session, "-x", "120", "-y", "30",
        shellCommand + "; echo EXIT=$?; sleep 120");
    if (started != 0) {
      throw new IllegalStateException("tmux did not start " + session);
    }
  }

  void keys(String... keys) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", SOCKET, "send-keys", "-t", session));
    command.addAll(List.of(keys));
    run(command.toArray(String[]::new));
  }

  /** What is on the screen now, with its colours as escape sequences when {@code escapes}. */
  String screen(boolean escapes) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", SOCKET, "capture-pane", "-p", "-J", "-t", session,
        "-S", "-200"));
    if (escapes) {
      command.add("-e");
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }

  String awaitScreen(Predicate<String> wanted, Duration within) {
    try {
      Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> wanted.test(screen(false)));
      return screen(false);
    } catch (Exception e) {
      String seen;
      try {
        seen = screen(false);
      } catch (Exception again) {
        seen = again.toString();
      }
      throw new AssertionError("the screen never showed what was expected; it shows:\n" + seen, e);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run("tmux", "-L", SOCKET, "kill-session", "-t", session);
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
