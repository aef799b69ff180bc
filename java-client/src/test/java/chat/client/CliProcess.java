package chat.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * The real command-line jar as a subprocess, with its stdin held open by the test: in --json mode
 * its events, and in any mode every line it printed, as a person would read them.
 */
final class CliProcess implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("client.jar", "target/java-client.jar"));
  private static final ObjectMapper JSON = new ObjectMapper();

  final Process process;
  final List<JsonNode> events = new CopyOnWriteArrayList<>();
  final List<String> screen = new CopyOnWriteArrayList<>();
  final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Writer stdin;

  CliProcess(String... args) throws IOException {
    this(java.util.Map.of(), args);
  }

  /** @param env variables set for the client (XDG_CONFIG_HOME, NO_COLOR, ...) */
  CliProcess(java.util.Map<String, String> env, String... args) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException("build the jar first (mvn package): " + JAR.toAbsolutePath());
    }
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    process = builder.start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true);
    pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false);
  }

  void type(String line) throws IOException {
    stdin.write(line + "\n");
    stdin.flush();
  }

  void endInput() throws IOException {
    stdin.close();
  }

  JsonNode awaitEvent(String event, Predicate<JsonNode> also) {
    try {
      Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> find(event, also) != null
          || (!process.isAlive() && find(event, also) == null && exitedLongAgo()));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no '" + event + "' event within 30 s; got " + events + " stderr " + stderr, e);
    }
    JsonNode found = find(event, also);
    if (found == null) {
      throw new AssertionError("no '" + event + "' event; got " + events + " stderr " + stderr);
    }
    return found;
  }

  /** The first line printed that matches, waiting up to 30 s for it. */
  String awaitLine(Predicate<String> wanted) {
    try {
      Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> screen.stream().anyMatch(wanted));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no such line within 30 s; the screen: " + screen + " stderr " + stderr, e);
    }
    return screen.stream().filter(wanted).findFirst().orElseThrow();
  }

  JsonNode awaitEvent(String event) {
    return awaitEvent(event, e -> true);
  }

  int awaitExit() throws InterruptedException {
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the client did not exit; events " + events);
    }
    return process.exitValue();
  }

  private boolean exitedLongAgo() throws InterruptedException {
    Thread.sleep(200); // let the output pump catch up with a process that has exited
    return true;
  }

  private JsonNode find(String event, Predicate<JsonNode> also) {
    return events.stream().filter(e -> event.equals(e.path("event").asText()) && also.test(e)).findFirst().orElse(null);
  }

  private void pump(BufferedReader reader, boolean json) {
    Thread t = new Thread(() -> {
      try {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          if (json) {
            screen.add(line);
            if (line.startsWith("{")) {
              events.add(JSON.readTree(line));
            }
          } else {
            stderr.add(line);
          }
        }
      } catch (IOException ignored) {
        // process ended
      }
    });
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
