package chat.relay;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import chat.relay.support.WireTap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Records every WebSocket message the relay receives and sends, on the wire (a tap between the
 * clients and the relay's port), and every log line, and checks that a marker placed in the
 * clients' bodies appears only inside bodies.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "logging.level.chat.relay=TRACE", "relay.max-frame-bytes=4096"})
class BlindnessTest {

  static final String MARKER = "PLAINTEXT-MARKER-7f3c9e";

  @LocalServerPort
  int port;

  @Test
  void markerInBodies_appearsOnlyInBodies_neverInHeadersOrLogs(CapturedOutput output) throws Exception {
    WireTap wire = new WireTap(port);
    try (wire;
         var alice = StompTestClient.connected(wire.port(), "alice");
         var bob = StompTestClient.connected(wire.port(), "bob")) {
      alice.subscribeAndSettle("vault");
      bob.subscribeAndSettle("vault");
      alice.send("vault", "a " + MARKER + " b");
      bob.send("vault", MARKER);
      assertThat(bob.nextMatching(f -> Frames.isChat(f) && f.body().contains(MARKER))).isNotNull();
      assertThat(alice.nextMatching(f -> Frames.isChat(f) && f.body().contains(MARKER))).isNotNull();

      var offender = StompTestClient.connected(wire.port(), "offender");
      offender.subscribeAndSettle("vault");
      offender.send("vault", MARKER + "x".repeat(5000));
      assertThat(offender.nextMatching(f -> "ERROR".equals(f.command()))).isNotNull();
      offender.close();
    }

    assertThat(wire.received.stream().filter(t -> t.contains(MARKER))).as("the recorder saw the inbound bodies").hasSize(3);
    assertThat(wire.sent.stream().filter(t -> t.contains(MARKER))).as("the recorder saw the outbound bodies").hasSize(2);
    for (String text : wire.all()) {
      if (text.isBlank()) {
        continue;
      }
      for (StompFrame frame : StompFrame.parseAll(text).frames()) { // the relay may join queued frames
        assertThat(frame.headers().toString()).as("headers of " + frame.command()).doesNotContain(MARKER);
        if ("ERROR".equals(frame.command()) || "RECEIPT".equals(frame.command())) {
          assertThat(frame.body()).doesNotContain(MARKER);
        }
      }
    }
    assertThat(output.getAll()).contains("refused frame").doesNotContain(MARKER);
  }
}
