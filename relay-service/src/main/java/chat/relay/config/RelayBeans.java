package chat.relay.config;

import chat.relay.broker.BrokerHealth;
import chat.relay.metrics.RelayMetrics;
import chat.relay.refusal.RefusalErrorHandler;
import chat.relay.routing.InboundGuard;
import chat.relay.routing.NoEchoFilter;
import chat.relay.routing.ReceiptWriter;
import chat.relay.routing.RoomDeliveryWriter;
import chat.relay.session.InboundGate;
import chat.relay.session.InputWatch;
import chat.relay.session.SessionEndings;
import chat.relay.session.SessionSweeper;
import chat.relay.session.SessionOutboxes;
import chat.relay.session.PresenceEvents;
import chat.relay.session.SessionRegistry;
import chat.relay.session.ShutdownNotice;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** The relay's own parts, wired by hand so every dependency is visible. */
@Configuration(proxyBeanMethods = false)
class RelayBeans {

  /**
   * Tomcat allocates its whole-message buffers for every connection up front (a 64 KiB frame limit
   * cost some 200 KiB per idle session). The relay takes WebSocket messages in parts instead
   * ({@link chat.relay.session.OutboxHandlerDecorator} supports partial messages) and Spring's
   * STOMP decoder assembles frames up to {@code relay.max-frame-bytes}, refusing larger ones with
   * an ERROR, so these buffers only set the size of the parts.
   */
  static final int CONTAINER_MESSAGE_PART_CHARS = 2048;

  @Bean
  Clock relayClock() {
    return Clock.systemUTC();
  }

  @Bean
  SessionRegistry sessionRegistry(RelayProperties limits) {
    byte[] id = new byte[4];
    new SecureRandom().nextBytes(id);
    return new SessionRegistry(limits, HexFormat.of().formatHex(id), System::nanoTime);
  }

  @Bean
  RelayMetrics relayMetrics(MeterRegistry registry, SessionRegistry sessions) {
    return new RelayMetrics(registry, sessions::openSessions, sessions::activeRooms);
  }

  @Bean
  InboundGuard inboundGuard(RelayProperties limits, SessionRegistry sessions, RelayMetrics metrics, Clock clock) {
    return new InboundGuard(limits, sessions, metrics, clock);
  }

  @Bean
  NoEchoFilter noEchoFilter(SessionRegistry sessions, RelayMetrics metrics) {
    return new NoEchoFilter(sessions.instanceId(), metrics);
  }

  @Bean
  ReceiptWriter receiptWriter(@Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound) {
    return new ReceiptWriter(clientOutbound);
  }

  @Bean
  SessionOutboxes sessionOutboxes() {
    return new SessionOutboxes();
  }

  @Bean
  RoomDeliveryWriter roomDeliveryWriter(SessionOutboxes outboxes) {
    return new RoomDeliveryWriter(outboxes);
  }

  @Bean
  InboundGate inboundGate() {
    return new InboundGate();
  }

  @Bean
  RefusalErrorHandler refusalErrorHandler(RelayMetrics metrics,
      @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound, InboundGate inboundGate,
      SessionRegistry sessions) {
    return new RefusalErrorHandler(metrics, clientOutbound, inboundGate, sessions::isConnected);
  }

  @Bean
  InputWatch inputWatch() {
    return new InputWatch(System::nanoTime);
  }

  @Bean
  SessionEndings sessionEndings(SessionOutboxes outboxes, InboundGate gate, RelayMetrics metrics) {
    return new SessionEndings(outboxes, gate, metrics);
  }

  @Bean
  SessionSweeper sessionSweeper(InputWatch inputs, SessionRegistry sessions, SessionOutboxes outboxes,
      RefusalErrorHandler refusals, InboundGate gate, RelayProperties limits,
      ThreadPoolTaskScheduler relayHeartbeatScheduler) {
    SessionSweeper sweeper = new SessionSweeper(inputs, sessions, outboxes, refusals, gate, limits.connectTimeout(),
        limits.frameTimeout(), !limits.broker().isRabbitMq());
    relayHeartbeatScheduler.scheduleAtFixedRate(sweeper, SessionSweeper.PERIOD);
    return sweeper;
  }

  @Bean
  PresenceEvents presenceEvents(SessionRegistry sessions,
      @Lazy @Qualifier("brokerMessagingTemplate") SimpMessageSendingOperations broker,
      RelayMetrics metrics, Clock clock, InboundGate gate) {
    return new PresenceEvents(sessions, broker, metrics, clock, gate);
  }

  @Bean
  ShutdownNotice shutdownNotice(SessionRegistry sessions,
      @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound, RelayProperties limits,
      InboundGate gate) {
    return new ShutdownNotice(sessions, clientOutbound, limits.shutdownNotice(), gate);
  }

  @Bean
  BrokerHealth brokerHealthIndicator(RelayProperties limits) {
    return new BrokerHealth(limits.broker());
  }

  @Bean
  ThreadPoolTaskScheduler relayHeartbeatScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix("relay-heartbeat-");
    // Spring stops executors early on ContextClosedEvent; the shutdown notice still needs this one
    // to run the outboxes' close lingers, or an ERROR frame can be lost to the close.
    scheduler.setAcceptTasksAfterContextClose(true);
    return scheduler;
  }

  @Bean
  ServletServerContainerFactoryBean webSocketContainer() {
    ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
    container.setMaxTextMessageBufferSize(CONTAINER_MESSAGE_PART_CHARS);
    container.setMaxBinaryMessageBufferSize(CONTAINER_MESSAGE_PART_CHARS);
    return container;
  }
}
