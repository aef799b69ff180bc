package chat.relay.outside;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.StompTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Clients the relay's authors did not write, on their default settings, through the real relay:
 * {@code @stomp/stompjs} under node, Python's {@code stomp.py} over websocket-client, and a page
 * in headless Chromium. Each connects, subscribes with a receipt, exchanges with a Java member in
 * a room without hearing its own words, stays idle for a minute on its default heart-beat
 * tolerance (stompjs and stomp.py), speaks again, unsubscribes and disconnects without an ERROR.
 * The browser's page is allowed from one origin and refused from another, and the refusal is in
 * the log and the metrics. A burst sent to them queues up in the relay and reaches each of them in
 * messages that hold several frames ({@code relay.write-batch-bytes}): every client parses them,
 * whole and in order. {@code .ci/setup} installs all three.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "relay.allowed-origins=http://127.0.0.1:[*]")
@ExtendWith(OutputCaptureExtension.class)
class OutsideClientsTest {

  static final int IDLE_SECONDS = 60;
  static final Duration WAIT = Duration.ofSeconds(30);
  /** Within the default burst of 100 SENDs; a frame of about 1 KiB, as a chat line is. */
  static final int BURST = 60;

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry meters;

  @BeforeAll
  static void installed() {
    boolean ready = Files.isDirectory(OutsideClient.DIR.resolve("node_modules/@stomp/stompjs"))
        && Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/python3"));
    if (!ready && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("the outside clients are not installed: .ci/setup installs them");
    }
    Assumptions.assumeTrue(ready, "outside clients not installed (run .ci/setup as root): skipped");
  }

  @Test
  void stompjs_stompPy_andABrowser_talkThroughTheRelay_surviveAMinuteIdle_andLeaveCleanly(CapturedOutput log)
      throws Exception {
    String url = "ws://127.0.0.1:" + port + "/chat";
    String room = "outside";
    double originRefusalsBefore = originRefusals();
    try (StompTestClient peer = StompTestClient.connected(port, "java-peer");
         OutsideClient node = new OutsideClient("stompjs", "node", "stompjs-client.mjs", url, room, "node",
             Integer.toString(IDLE_SECONDS));
         OutsideClient python = new OutsideClient("stomp.py", "/usr/bin/python3", "stomp_py_client.py", url, room,
             "python", Integer.toString(IDLE_SECONDS));
         OutsideClient browser = new OutsideClient("chromium", "node", "browser-client.mjs", url, room, "browser")) {
      peer.subscribeAndSettle(room);
      for (OutsideClient client : List.of(node, python, browser)) {
        client.await("\"event\":\"subscribed\"", WAIT);
      }
      assertThat(node.await("connected", WAIT)).contains("10000,10000");
      assertThat(python.await("connected", WAIT)).contains("10000,10000");

      double writesBefore = meters.counter("relay.outbox.writes").count();
      double framesBefore = meters.counter("relay.outbox.frames").count();
      for (int i = 0; i < BURST; i++) {
        peer.send(room, "burst-" + i + "-" + "x".repeat(1000));
      }
      for (String name : List.of("node", "python", "browser")) {
        peer.send(room, "ping-" + name);
      }
      for (String name : List.of("node", "python", "browser")) {
        String pong = "pong-" + name;
        assertThat(peer.nextMatching(f -> Frames.isChat(f) && pong.equals(f.body()))).as(pong).isNotNull();
      }

      for (OutsideClient client : List.of(node, python, browser)) {
        client.await("\"body\":\"ping-", WAIT);
        assertThat(burstReceived(client)).as(client + ": the burst, whole and in order")
            .isEqualTo(java.util.stream.IntStream.range(0, BURST).boxed().toList());
      }
      double joined = (meters.counter("relay.outbox.frames").count() - framesBefore)
          - (meters.counter("relay.outbox.writes").count() - writesBefore);
      assertThat(joined).as("frames that went out in a message with others").isPositive();

      browser.await("\"event\":\"done\"", WAIT);
      String refused = browser.await("\"origin\":\"http://localhost", WAIT);
      assertThat(refused).contains("\"code\":1006"); // all a page is told of a refused handshake
      assertThat(log.getOut()).contains("refused a browser connection from origin http://localhost:");
      assertThat(originRefusals()).isEqualTo(originRefusalsBefore + 1);
      assertThat(browser.exitCode(WAIT)).isZero();

      Duration afterIdle = Duration.ofSeconds(IDLE_SECONDS + 30);
      for (OutsideClient client : List.of(node, python)) {
        String done = client.await("\"event\":\"done\"", afterIdle);
        assertThat(done).as(client + " never heard itself").contains("\"echoes\":0");
      }
      assertThat(peer.nextMatching(f -> Frames.isChat(f) && "after-idle-node".equals(f.body()))).isNotNull();
      assertThat(peer.nextMatching(f -> Frames.isChat(f) && "after-idle-python".equals(f.body()))).isNotNull();
      for (OutsideClient client : List.of(node, python, browser)) {
        assertThat(client.said()).as("what the client saw").noneMatch(line -> line.contains("\"event\":\"error\"")
            || line.contains("heartbeat-timeout") || line.contains("\"event\":\"lost\""));
      }
      assertThat(node.exitCode(WAIT)).isZero();
      assertThat(python.exitCode(WAIT)).isZero();
    }
  }

  /** The burst's numbers in the order the client printed them ({"event":"received","body":"burst-7-xxx..."}). */
  private static List<Integer> burstReceived(OutsideClient client) {
    java.util.regex.Pattern burst = java.util.regex.Pattern.compile("\"body\":\"burst-(\\d+)-");
    return client.said().stream().map(burst::matcher).filter(java.util.regex.Matcher::find)
        .map(m -> Integer.parseInt(m.group(1))).toList();
  }

  private double originRefusals() {
    var counter = meters.find("relay.refusals").tag("reason", "origin-not-allowed").counter();
    return counter == null ? 0 : counter.count();
  }
}
