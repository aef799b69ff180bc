package chat.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/**
 * The real relay as its own process ({@code java -jar relay-service.jar}), so a test can kill it
 * with a signal (SIGKILL: a crash; SIGTERM: a shutdown with its notice) and start it again on the
 * same port.
 */
final class RelayProcess implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("relay.jar", "../relay-service/target/relay-service.jar"));

  final int port;
  final List<String> output = new CopyOnWriteArrayList<>();
  private final List<String> extraArgs;
  private Process process;

  RelayProcess(String... extraArgs) throws IOException {
    this(freePort(), extraArgs);
  }

  RelayProcess(int port, String... extraArgs) throws IOException {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException("build the relay first (mvn package): " + JAR.toAbsolutePath());
    }
    this.port = port;
    this.extraArgs = List.of(extraArgs);
    start();
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + port + "/chat");
  }

  /** Starts it (again) on the same port and waits until it takes connections. */
  void start() throws IOException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString(), "--server.port=" + port,
        "--spring.main.banner-mode=off"));
    command.addAll(extraArgs);
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    Thread pump = new Thread(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          output.add(line);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "relay-output");
    pump.setDaemon(true);
    pump.start();
    Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(this::listening);
  }

  /** SIGKILL: the relay dies at once, as in a crash; nothing is told to anyone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM: the relay shuts down gracefully, telling every session why first. */
  void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  private boolean listening() {
    if (!process.isAlive()) {
      throw new IllegalStateException("the relay exited: " + output);
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }
}
