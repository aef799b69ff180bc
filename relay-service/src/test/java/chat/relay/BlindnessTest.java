package chat.relay;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * Records every WebSocket message the relay receives and sends, at the wire, and every log line,
 * and checks that a marker placed in the clients' bodies appears only inside bodies.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "logging.level.chat.relay=TRACE", "relay.max-frame-bytes=4096"})
class BlindnessTest {

  static final String MARKER = "PLAINTEXT-MARKER-7f3c9e";
  static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
  static final List<String> SENT = new CopyOnWriteArrayList<>();

  @LocalServerPort
  int port;

  @Test
  void markerInBodies_appearsOnlyInBodies_neverInHeadersOrLogs(CapturedOutput output) {
    try (var alice = StompTestClient.connected(port, "alice");
         var bob = StompTestClient.connected(port, "bob")) {
      alice.subscribeAndSettle("vault");
      bob.subscribeAndSettle("vault");
      alice.send("vault", "a " + MARKER + " b");
      bob.send("vault", MARKER);
      assertThat(bob.nextMatching(f -> Frames.isChat(f) && f.body().contains(MARKER))).isNotNull();
      assertThat(alice.nextMatching(f -> Frames.isChat(f) && f.body().contains(MARKER))).isNotNull();

      var offender = StompTestClient.connected(port, "offender");
      offender.subscribeAndSettle("vault");
      offender.send("vault", MARKER + "x".repeat(5000));
      assertThat(offender.nextMatching(f -> "ERROR".equals(f.command()))).isNotNull();
      offender.close();
    }

    assertThat(RECEIVED.stream().filter(t -> t.contains(MARKER))).as("the recorder saw the inbound bodies").hasSize(3);
    assertThat(SENT.stream().filter(t -> t.contains(MARKER))).as("the recorder saw the outbound bodies").hasSize(2);
    for (String text : concat(RECEIVED, SENT)) {
      if (text.isBlank()) {
        continue;
      }
      StompFrame frame = StompFrame.parse(text);
      assertThat(frame.headers().toString()).as("headers of " + frame.command()).doesNotContain(MARKER);
      if ("ERROR".equals(frame.command()) || "RECEIPT".equals(frame.command())) {
        assertThat(frame.body()).doesNotContain(MARKER);
      }
    }
    assertThat(output.getAll()).contains("refused frame").doesNotContain(MARKER);
  }

  static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @TestConfiguration
  static class WireRecorder {
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    WebSocketMessageBrokerConfigurer wireRecorder() {
      return new WebSocketMessageBrokerConfigurer() {
        @Override
        public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
          registration.addDecoratorFactory(handler -> new WebSocketHandlerDecorator(handler) {
            @Override
            public void afterConnectionEstablished(WebSocketSession session) throws Exception {
              super.afterConnectionEstablished(new WebSocketSessionDecorator(session) {
                @Override
                public void sendMessage(WebSocketMessage<?> message) throws java.io.IOException {
                  SENT.add(((TextMessage) message).getPayload());
                  super.sendMessage(message);
                }
              });
            }

            @Override
            public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
              RECEIVED.add(((TextMessage) message).getPayload());
              super.handleMessage(session, message);
            }
          });
        }
      };
    }
  }
}
