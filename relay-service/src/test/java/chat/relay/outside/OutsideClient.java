package chat.relay.outside;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One outside client script as a subprocess; it prints one JSON object per event, kept in order. */
final class OutsideClient implements AutoCloseable {

  static final Path DIR = Path.of("src", "test", "outside");

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();

  OutsideClient(String name, String... command) throws IOException {
    this.name = name;
    this.process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
          }
        }
      } catch (IOException ended) {
        // the process is gone
      }
    }, "outside-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits for a line containing {@code text}; fails with everything the client said if none comes. */
  String await(String text, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    synchronized (lines) {
      while (true) {
        for (String line : lines) {
          if (line.contains(text)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(name + " never said " + text + "; it said: " + lines);
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
    }
  }

  List<String> said() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  int exitCode(Duration within) throws InterruptedException {
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit; it said: " + said());
    }
    return process.exitValue();
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
