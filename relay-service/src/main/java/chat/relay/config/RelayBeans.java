package chat.relay.config;

import chat.relay.limits.RelayProperties;

import chat.relay.broker.BrokerHealth;
import chat.relay.metrics.RelayMetrics;
import chat.relay.inbound.RefusalErrorHandler;
import chat.relay.inbound.InboundGuard;
import chat.relay.delivery.NoEchoFilter;
import chat.relay.inbound.ReceiptWriter;
import chat.relay.delivery.RoomDeliveryWriter;
import chat.relay.membership.InboundGate;
import chat.relay.delivery.InputWatch;
import chat.relay.delivery.SessionEndings;
import chat.relay.delivery.SessionSweeper;
import chat.relay.delivery.SessionOutboxes;
import chat.relay.backlog.BacklogProperties;
import chat.relay.backlog.BrokerCopies;
import chat.relay.backlog.CatchUp;
import chat.relay.backlog.RoomBacklog;
import chat.relay.membership.PresenceEvents;
import chat.relay.membership.SessionRegistry;
import chat.relay.membership.ShutdownNotice;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.beans.factory.ObjectProvider;
import chat.relay.membership.SessionSender;
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
   * ({@link chat.relay.delivery.OutboxHandlerDecorator} supports partial messages) and Spring's
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
  RoomBacklog roomBacklog(BacklogProperties limits, Clock clock, MeterRegistry registry) {
    RoomBacklog backlog = new RoomBacklog(limits, clock);
    io.micrometer.core.instrument.Gauge.builder("relay.backlog.bytes", backlog::heldBytes).strongReference(true)
        .baseUnit("bytes").description("Ciphertext bytes kept in the rooms' backlogs for members catching up")
        .register(registry);
    return backlog;
  }

  @Bean
  CatchUp catchUp(RoomBacklog backlog, SessionRegistry sessions, SessionSender sender, Clock clock) {
    return new CatchUp(backlog, sessions, sender, clock);
  }

  @Bean
  BrokerCopies brokerCopies(RoomBacklog backlog, Clock clock) {
    return new BrokerCopies(backlog, clock);
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
  SessionSender sessionSender(@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutbound) {
    return new SessionSender(clientOutbound::getObject);
  }

  @Bean
  ReceiptWriter receiptWriter(SessionSender sender) {
    return new ReceiptWriter(sender);
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
      SessionSender sender, InboundGate inboundGate,
      SessionRegistry sessions) {
    return new RefusalErrorHandler(metrics, sender, inboundGate, sessions::isConnected);
  }

  @Bean
  InputWatch inputWatch() {
    return new InputWatch(System::nanoTime);
  }

  @Bean
  SessionEndings sessionEndings(SessionOutboxes outboxes, RefusalErrorHandler refusals) {
    return new SessionEndings(outboxes, refusals);
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
      @Qualifier("brokerMessagingTemplate") ObjectProvider<SimpMessageSendingOperations> broker,
      RelayMetrics metrics, Clock clock, InboundGate gate) {
    return new PresenceEvents(sessions, broker::getObject, metrics, clock, gate);
  }

  @Bean
  ShutdownNotice shutdownNotice(SessionRegistry sessions,
      SessionSender sender, RelayProperties limits,
      InboundGate gate, RelayMetrics metrics) {
    return new ShutdownNotice(sessions, sender, limits.shutdownNotice(), gate, metrics);
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
