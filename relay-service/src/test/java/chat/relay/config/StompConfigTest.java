package chat.relay.config;

import chat.relay.limits.RelayProperties;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.messaging.support.ExecutorSubscribableChannel;

/**
 * Spring Boot hands any lone task executor bean to the STOMP channels; the relay's ordering and
 * slow-consumer design rely on a synchronous inbound channel and per-session outbound lanes, so
 * this pins them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StompConfigTest {

  @Autowired
  @Qualifier("clientInboundChannel")
  ExecutorSubscribableChannel inbound;

  @Autowired
  @Qualifier("clientOutboundChannel")
  ExecutorSubscribableChannel outbound;

  @Test
  void inboundRunsOnTheReadingThread_outboundOnPerSessionLanes() {
    assertThat(inbound.getExecutor()).isInstanceOf(SyncTaskExecutor.class);
    assertThat(outbound.getExecutor()).isInstanceOf(chat.relay.delivery.SessionLanes.class);
    // the echo filter drops the sender's own copy before the writer encodes anything
    assertThat(outbound.getInterceptors()).extracting(i -> (Class) i.getClass())
        .containsSubsequence(chat.relay.delivery.NoEchoFilter.class, chat.relay.delivery.RoomDeliveryWriter.class);
  }

  @Test
  void properties_rejectNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RelayProperties(0, 1, java.time.Duration.ofSeconds(1),
            1, 1, 1, 1, "", java.util.List.of(), java.time.Duration.ZERO,
            java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 65536, 32768,
            true, null))
        .hasMessageContaining("relay.max-frame-bytes");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RelayProperties(1, 1, java.time.Duration.ofSeconds(1),
            1, 1, 0, 1, "", java.util.List.of(), java.time.Duration.ZERO,
            java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 65536, 32768,
            true, null))
        .hasMessageContaining("relay.messages-per-second");
  }

  @Test
  void properties_neverPrintTheAccessToken() {
    var props = new RelayProperties(1, 1, java.time.Duration.ofSeconds(1), 1, 1, 1, 1, "hunter2",
        java.util.List.of(), java.time.Duration.ZERO,
            java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), 65536, 32768,
            true, null);
    assertThat(props.toString()).doesNotContain("hunter2").contains("accessTokenRequired=true");
    assertThat(props.broker()).isEqualTo(RelayProperties.Broker.IN_PROCESS);
  }
}
