package chat.relay.delivery;

import chat.relay.membership.InboundGate;

import chat.relay.limits.RelayProperties;
import chat.relay.metrics.RelayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/** Gives every WebSocket session its {@link SessionOutbox}, and hands the same wrapper to Spring each time. */
public final class OutboxHandlerDecorator extends WebSocketHandlerDecorator {

  private static final Logger log = LoggerFactory.getLogger(OutboxHandlerDecorator.class);

  private final int maxQueuedBytes;
  private final int writeBatchBytes;
  private final long sendTimeLimitMillis;
  private final RelayMetrics metrics;
  private final SessionOutboxes outboxes;

  private final org.springframework.scheduling.TaskScheduler scheduler;
  private final InboundGate gate;
  private final InputWatch inputs;
  private final CarriageReturns carriageReturns = new CarriageReturns();
  private final ConnectedLimits limits;

  public OutboxHandlerDecorator(WebSocketHandler delegate, RelayProperties relay, RelayMetrics metrics,
      org.springframework.scheduling.TaskScheduler scheduler, InboundGate gate, SessionOutboxes outboxes,
      InputWatch inputs) {
    super(delegate);
    this.limits = relay.announceLimits()
        ? new ConnectedLimits(relay.messagesPerSecond(), relay.messageBurst(), relay.maxFrameBytes()) : null;
    this.inputs = inputs;
    this.outboxes = outboxes;
    this.gate = gate;
    this.scheduler = scheduler;
    this.maxQueuedBytes = relay.sendBufferBytes();
    // a joined message is never larger than a frame the relay accepts (and so relays) anyway
    this.writeBatchBytes = Math.min(relay.writeBatchBytes(), relay.maxFrameBytes());
    this.sendTimeLimitMillis = relay.sendTimeLimit().toMillis();
    this.metrics = metrics;
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    WebSocketSession wrapped = session;
    jakarta.websocket.Session container = containerSession(session);
    if (container != null) {
      wrapped = new SessionOutbox(session, container.getAsyncRemote(), maxQueuedBytes, writeBatchBytes,
          sendTimeLimitMillis,
          System::nanoTime, () -> {
            metrics.slowConsumerDropped();
            log.info("dropped slow consumer: session={}", session.getId());
          }, metrics::written, this::afterLinger, status -> gate.closeStatus(session.getId(), status), limits);
    }
    outboxes.opened(session.getId(), wrapped);
    inputs.opened(session.getId(), lastSocketRead(container));
    super.afterConnectionEstablished(wrapped);
    if (container != null) {
      restoreContainerBufferSizes(container);
    }
  }

  /**
   * When Tomcat last read bytes of this session: Tomcat keeps it for its idle timeout but does not
   * publish it, hence the reflection; without it (another container) trickled frames are bounded
   * by the frame limit only.
   */
  private static java.util.function.LongSupplier lastSocketRead(jakarta.websocket.Session container) {
    java.lang.reflect.Field field = container == null ? null : LAST_READ_FIELDS.computeIfAbsent(container.getClass(),
        OutboxHandlerDecorator::lastReadField).orElse(null);
    if (field == null) {
      return () -> 0;
    }
    return () -> {
      try {
        return field.getLong(container);
      } catch (IllegalAccessException e) {
        return 0;
      }
    };
  }

  /** Looked up once per container session class, not per connection. */
  private static final java.util.Map<Class<?>, java.util.Optional<java.lang.reflect.Field>> LAST_READ_FIELDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static java.util.Optional<java.lang.reflect.Field> lastReadField(Class<?> sessionType) {
    for (Class<?> type = sessionType; type != null; type = type.getSuperclass()) {
      try {
        java.lang.reflect.Field field = type.getDeclaredField("lastActiveRead");
        field.setAccessible(true);
        return java.util.Optional.of(field);
      } catch (NoSuchFieldException | RuntimeException e) {
        // look further up, or give up below
      }
    }
    return java.util.Optional.empty();
  }

  private static jakarta.websocket.Session containerSession(WebSocketSession session) {
    return WebSocketSessionDecorator.unwrap(session) instanceof NativeWebSocketSession nativeSession
        ? nativeSession.getNativeSession(jakarta.websocket.Session.class) : null;
  }

  /**
   * Spring's STOMP handler raises every session's text buffer to 16 KiB so that a whole frame fits;
   * Tomcat then allocates that buffer (33 KB of chars) for every connection, idle or not. The
   * relay takes messages in parts ({@link #supportsPartialMessages()}), so the container's small
   * default is enough; it must be restored here, before Tomcat allocates the buffers.
   */
  private static void restoreContainerBufferSizes(jakarta.websocket.Session container) {
    container.setMaxTextMessageBufferSize(container.getContainer().getDefaultMaxTextMessageBufferSize());
    container.setMaxBinaryMessageBufferSize(container.getContainer().getDefaultMaxBinaryMessageBufferSize());
  }

  /**
   * Lets the container hand over a large WebSocket message in parts, so that its per-connection
   * buffers can stay small; Spring's STOMP decoder buffers the parts of a frame (up to the frame
   * limit) and handles complete frames only.
   */
  @Override
  public boolean supportsPartialMessages() {
    return true;
  }

  private void afterLinger(Runnable task) {
    try {
      scheduler.schedule(task, java.time.Instant.now().plusMillis(SessionOutbox.CLOSE_LINGER_MILLIS));
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      task.run(); // the relay is stopping: close now
    }
  }

  /** Reads nothing more from a refused session; tells the {@link InboundGate} whose frame is being read. */
  @Override
  public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
    String sessionId = session.getId();
    if (gate.isRefused(sessionId)) {
      return;
    }
    gate.reading(sessionId);
    try {
      WebSocketMessage<?> whole = carriageReturns.join(sessionId, message);
      if (whole != null) {
        super.handleMessage(outboxes.wrapped(session), whole);
      }
    } finally {
      inputs.received(sessionId, message, gate.framesDecoded());
      gate.doneReading();
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) throws Exception {
    super.handleTransportError(outboxes.wrapped(session), exception);
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
    WebSocketSession wrapped = outboxes.closed(session.getId()).orElse(session);
    try {
      super.afterConnectionClosed(wrapped, closeStatus);
    } finally {
      gate.forget(session.getId());
      inputs.closed(session.getId());
      carriageReturns.closed(session.getId());
    }
  }
}
