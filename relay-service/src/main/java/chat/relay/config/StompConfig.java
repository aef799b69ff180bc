package chat.relay.config;

import chat.relay.limits.RelayProperties;

import chat.relay.metrics.RelayMetrics;
import chat.relay.inbound.RefusalErrorHandler;
import chat.relay.inbound.InboundGuard;
import chat.relay.backlog.BrokerCopies;
import chat.relay.backlog.CatchUp;
import chat.relay.delivery.NoEchoFilter;
import chat.relay.inbound.OriginCheck;
import chat.relay.inbound.ReceiptWriter;
import chat.relay.delivery.RoomDeliveryWriter;
import chat.relay.membership.InboundGate;
import chat.relay.delivery.InputWatch;
import chat.relay.delivery.SessionEndings;
import chat.relay.delivery.SessionOutboxes;
import chat.relay.delivery.SessionLanes;
import chat.relay.delivery.OutboxHandlerDecorator;
import chat.relay.membership.PresenceEvents;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/** Every STOMP prefix, limit and interceptor of the relay, said out loud. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class StompConfig implements WebSocketMessageBrokerConfigurer {

  static final String ENDPOINT = "/chat";
  /** Frames waiting for one outbound lane before the publishing thread waits. */
  static final int OUTBOUND_LANE_CAPACITY = 4096;

  private final RelayProperties limits;
  private final InboundGuard inboundGuard;
  private final NoEchoFilter noEchoFilter;
  private final ReceiptWriter receiptWriter;
  private final PresenceEvents presenceEvents;
  private final RefusalErrorHandler refusalErrorHandler;
  private final ThreadPoolTaskScheduler heartbeatScheduler;
  private final RelayMetrics metrics;
  private final SessionLanes outboundLanes;
  private final InboundGate inboundGate;
  private final SessionOutboxes outboxes;
  private final RoomDeliveryWriter roomDeliveryWriter;
  private final SessionEndings sessionEndings;
  private final InputWatch inputs;
  private final CatchUp catchUp;
  private final BrokerCopies brokerCopies;

  StompConfig(RelayProperties limits, InboundGuard inboundGuard, NoEchoFilter noEchoFilter,
      ReceiptWriter receiptWriter, PresenceEvents presenceEvents, RefusalErrorHandler refusalErrorHandler,
      ThreadPoolTaskScheduler relayHeartbeatScheduler, RelayMetrics metrics, InboundGate inboundGate,
      SessionOutboxes outboxes, RoomDeliveryWriter roomDeliveryWriter, SessionEndings sessionEndings,
      InputWatch inputs, CatchUp catchUp, BrokerCopies brokerCopies) {
    this.catchUp = catchUp;
    this.brokerCopies = brokerCopies;
    this.sessionEndings = sessionEndings;
    this.inputs = inputs;
    this.metrics = metrics;
    this.outboxes = outboxes;
    this.roomDeliveryWriter = roomDeliveryWriter;
    this.inboundGate = inboundGate;
    // one lane per core: a room's fan-out uses them all
    this.outboundLanes = new SessionLanes(Math.max(2, Runtime.getRuntime().availableProcessors()),
        OUTBOUND_LANE_CAPACITY);
    this.limits = limits;
    this.inboundGuard = inboundGuard;
    this.noEchoFilter = noEchoFilter;
    this.receiptWriter = receiptWriter;
    this.presenceEvents = presenceEvents;
    this.refusalErrorHandler = refusalErrorHandler;
    this.heartbeatScheduler = relayHeartbeatScheduler;
  }

  @Override
  public void registerStompEndpoints(StompEndpointRegistry registry) {
    registry.addEndpoint(ENDPOINT).setAllowedOriginPatterns(limits.allowedOrigins().toArray(String[]::new))
        .addInterceptors(new OriginCheck(limits.allowedOrigins(), metrics));
    registry.setErrorHandler(refusalErrorHandler);
  }

  @Override
  public void configureMessageBroker(MessageBrokerRegistry registry) {
    // No application destination prefix: clients SEND straight to room topics, and the guard
    // refuses everything else.
    RelayProperties.Broker broker = limits.broker();
    if (broker.isRabbitMq()) {
      // Room topics map onto RabbitMQ's amq.topic exchange with routing key "room.<name>"; each
      // subscription is an exclusive auto-delete queue, so an idle room costs nothing.
      // The virtual host must be set: by default Spring sends the relay host name as STOMP "host",
      // which RabbitMQ reads as a virtual host and refuses.
      registry.enableStompBrokerRelay("/topic")
          .setRelayHost(broker.host())
          .setRelayPort(broker.port())
          .setVirtualHost(broker.virtualHost())
          .setClientLogin(broker.clientLogin())
          .setClientPasscode(broker.clientPasscode())
          .setSystemLogin(broker.systemLogin())
          .setSystemPasscode(broker.systemPasscode())
          .setSystemHeartbeatSendInterval(broker.systemHeartbeat().toMillis())
          .setSystemHeartbeatReceiveInterval(broker.systemHeartbeat().toMillis())
          .setTaskScheduler(heartbeatScheduler);
    } else {
      registry.enableSimpleBroker("/topic").setTaskScheduler(heartbeatScheduler)
          .setHeartbeatValue(new long[] {limits.heartbeat().toMillis(), limits.heartbeat().toMillis()});
    }
  }

  /**
   * Inbound frames are handled on the WebSocket thread that read them: one connection's frames
   * stay in order, a refusal reaches the error handler of its own session, and a flooding client
   * slows only its own reader instead of filling an unbounded executor queue.
   */
  @Override
  public void configureClientInboundChannel(ChannelRegistration registration) {
    // (the backlog after the guard: it keeps only what the guard accepted and stamped)
    registration.executor(new SyncTaskExecutor()).interceptors(inboundGate, inboundGuard, catchUp, presenceEvents);
    if (!limits.broker().isRabbitMq()) {
      registration.interceptors(receiptWriter); // RabbitMQ answers receipts itself, once it has acted
    }
  }

  /**
   * Outbound frames go to {@link SessionLanes}: each session always on the same lane, so frames
   * reach every receiver in the order the broker published them (chat order matters), while a
   * room's fan-out runs on every core. Each lane hands frames to the session's
   * {@link SessionOutbox}, whose queue never blocks, so a stalled reader delays nobody else.
   * With the in-process broker, the lane writes room deliveries itself, encoding a room message
   * once ({@link RoomDeliveryWriter}); RabbitMQ's deliveries arrive already encoded per member.
   */
  @Override
  public void configureClientOutboundChannel(ChannelRegistration registration) {
    registration.executor(outboundLanes).interceptors(noEchoFilter, sessionEndings);
    if (!limits.broker().isRabbitMq()) {
      registration.interceptors(roomDeliveryWriter);
    } else {
      registration.interceptors(brokerCopies); // any replica with a member in a room can serve its catch-up
    }
  }

  @Override
  public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
    registration.setMessageSizeLimit(limits.maxFrameBytes())
        .setSendBufferSizeLimit(limits.sendBufferBytes())
        .setSendTimeLimit((int) Math.min(Integer.MAX_VALUE, limits.sendTimeLimit().toMillis()))
        .addDecoratorFactory(handler -> new OutboxHandlerDecorator(handler, limits, metrics,
            heartbeatScheduler, inboundGate, outboxes, inputs))
        .setTimeToFirstMessage((int) Math.min(Integer.MAX_VALUE, limits.connectTimeout().toMillis() * 2));
  }
}
