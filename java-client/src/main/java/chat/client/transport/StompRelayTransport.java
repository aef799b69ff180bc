package chat.client.transport;

import chat.wire.RelayHeaders;
import chat.wire.RoomDestination;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import java.lang.reflect.Type;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * One STOMP-over-WebSocket connection to the relay, with Spring's STOMP client. It knows
 * destinations and headers, nothing about envelopes or keys. It says how the connection ended: the
 * relay's refusal (its words and the {@code refusal} header), or a lost link, including a silent one
 * (nothing, not even a heart-beat, for two heart-beat intervals). A new connection is a new instance.
 */
public final class StompRelayTransport implements AutoCloseable {

  static final int MAX_INBOUND_FRAME_BYTES = 256 * 1024;
  private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
  private final WebSocketStompClient client;
  private final WatchedWebSocketClient socket;
  private final long heartbeatMillis;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile StompSession session;
  private volatile String destination;
  private volatile SessionEvents events;
  private volatile String lastMessageId;
  private volatile RelayLimits limits = RelayLimits.DEFAULTS;

  /**
   * @param heartbeat heart-beats both ways; a link silent for two intervals is reported lost
   * @param tls what a {@code wss://} connection trusts; null: the JVM's trust store */
  public StompRelayTransport(Duration heartbeat, javax.net.ssl.SSLContext tls) {
    this.heartbeatMillis = heartbeat.toMillis();
    scheduler.setPoolSize(1);
    scheduler.setThreadNamePrefix("stomp-heartbeat-");
    scheduler.setDaemon(true);
    scheduler.initialize();
    WebSocketContainer container = ContainerProvider.getWebSocketContainer();
    container.setDefaultMaxTextMessageBufferSize(MAX_INBOUND_FRAME_BYTES);
    container.setDefaultMaxBinaryMessageBufferSize(MAX_INBOUND_FRAME_BYTES);
    StandardWebSocketClient standard = new StandardWebSocketClient(container);
    if (tls != null) {
      standard.setSslContext(tls);
    }
    socket = new WatchedWebSocketClient(standard);
    client = new WebSocketStompClient(socket);
    client.setMessageConverter(new OpaqueBodyConverter());
    client.setInboundMessageSizeLimit(MAX_INBOUND_FRAME_BYTES);
    client.setTaskScheduler(scheduler);
    client.setDefaultHeartbeat(new long[] {heartbeatMillis, heartbeatMillis});
    client.setReceiptTimeLimit(10_000);
  }

  /**
   * Connects, subscribes to the room and returns once the relay confirmed the subscription
   * (RECEIPT), so no reply to our first frame can be missed.
   *
   * @param since the relay message id of the last room frame seen on an earlier connection (the
   *     relay first sends what followed it); null on a first connection
   */
  public void connect(URI server, String member, String accessToken, String room, RelayConnection up,
      Duration timeout, String since) throws TransportException {
    StompHeaders connectHeaders = new StompHeaders();
    connectHeaders.add(RelayHeaders.CONNECT_MEMBER, member);
    if (accessToken != null && !accessToken.isEmpty()) {
      connectHeaders.add(RelayHeaders.ACCESS_TOKEN, accessToken);
    }
    events = new SessionEvents(up);
    try {
      session = client.connectAsync(server.toString(), new WebSocketHttpHeaders(), connectHeaders, events)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (events.refusal != null) { // the relay said why before it closed the connection
        throw new TransportException(events.refusalMessage, events.refusal);
      }
      throw new TransportException(tlsTrouble(e).map(why -> "refused the relay at " + server + ": " + why)
          .orElse("cannot reach the relay at " + server + ": " + unreachable(e, server)));
    } catch (TimeoutException e) {
      throw new TransportException("the relay at " + server + " did not answer within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while connecting");
    }
    destination = RoomDestination.of(room);
    StompHeaders subscribe = new StompHeaders();
    subscribe.setDestination(destination);
    subscribe.setReceipt("join-" + room);
    if (since != null) {
      subscribe.add(RelayHeaders.SINCE, since);
    }
    CompletableFuture<Void> subscribed = new CompletableFuture<>();
    StompSession.Subscription subscription = session.subscribe(subscribe, new RoomFrames(up));
    subscription.addReceiptTask(() -> subscribed.complete(null));
    subscription.addReceiptLostTask(() -> subscribed.completeExceptionally(
        new TransportException("the relay did not confirm the subscription to room " + room)));
    try {
      subscribed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      if (events.refusal != null) {
        throw new TransportException(events.refusalMessage, events.refusal);
      }
      throw new TransportException("the relay did not confirm the subscription to room " + room);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while joining");
    }
  }

  /** Sends a body to the room; the future completes when the relay has handled it (RECEIPT). */
  public CompletableFuture<Void> send(byte[] body) {
    StompHeaders headers = new StompHeaders();
    headers.setDestination(destination);
    headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
    headers.setReceipt("s-" + java.util.UUID.randomUUID());
    CompletableFuture<Void> handled = new CompletableFuture<>();
    try {
      StompSession.Receiptable receiptable = session.send(headers, body);
      receiptable.addReceiptTask(() -> handled.complete(null));
      receiptable.addReceiptLostTask(() -> handled.completeExceptionally(
          new TransportException("no receipt from the relay")));
    } catch (RuntimeException e) {
      handled.completeExceptionally(new TransportException("send failed: " + e.getMessage()));
    }
    return handled;
  }

  /** The relay message id of the last room frame received, or null. */
  public String lastMessageId() {
    return lastMessageId;
  }

  /** What the relay announced of its limits in CONNECTED (its defaults until then, or if it said none). */
  public RelayLimits limits() {
    return limits;
  }

  public boolean isConnected() {
    return session != null && session.isConnected();
  }

  @Override
  public void close() {
    closing.set(true);
    StompSession current = session;
    if (current != null && current.isConnected()) {
      try {
        current.disconnect();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
    client.stop();
    scheduler.shutdown();
  }

  /** A TLS failure, in words: an untrusted certificate, or one for another host. Fails closed either way. */
  private static java.util.Optional<String> tlsTrouble(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException || t instanceof java.security.cert.CertificateException) {
        String detail = rootMessage(t);
        if (detail.contains("subject alternative") || detail.contains("No name matching")
            || detail.contains("does not match")) {
          return java.util.Optional.of("its certificate is for another host (" + detail + ")");
        }
        return java.util.Optional.of("its certificate is not trusted (" + detail + "): give the relay's certificate or"
            + " its CA with --trust-store FILE");
      }
    }
    return java.util.Optional.empty();
  }

  /** Why nothing answered, in words, with what to try. */
  private static String unreachable(Throwable e, URI server) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
      return "no host called " + server.getHost() + " can be found (check the name in --server)";
    }
    if (t instanceof java.net.ConnectException) {
      return "nothing answers on port " + server.getPort() + " there (is the relay running? it starts with"
          + " java -jar relay-service.jar)";
    }
    return rootMessage(e);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private final class SessionEvents extends StompSessionHandlerAdapter {
    private final RelayConnection up;
    private final AtomicBoolean reported = new AtomicBoolean();
    private volatile String refusal;
    private volatile String refusalMessage;

    SessionEvents(RelayConnection up) {
      this.up = up;
    }

    /** An ERROR's body is text; taken as bytes, so it reaches {@link #handleFrame} whatever its type. */
    @Override
    public Type getPayloadType(StompHeaders headers) {
      return byte[].class;
    }

    @Override
    public void afterConnected(StompSession s, StompHeaders connected) {
      limits = RelayLimits.of(connected);
      long[] relay = connected.getHeartbeat(); // [how often it sends, how often it wants ours]
      long interval = relay != null && relay[0] > 0 && heartbeatMillis > 0 ? Math.max(relay[0], heartbeatMillis) : 0;
      if (interval > 0) {
        scheduler.scheduleWithFixedDelay(() -> {
          long silent = socket.millisSinceLastRead();
          if (!closing.get() && silent > 2 * interval) {
            report("no word from the relay for " + silent / 1000 + " s, not even a heart-beat (every "
                + interval / 1000.0 + " s): the link is dead", null);
            socket.abort();
          }
        }, Duration.ofMillis(Math.max(50, interval / 4)));
      }
    }

    @Override
    public void handleFrame(StompHeaders headers, Object payload) {
      // Only ERROR frames reach the session handler.
      if (closing.get()) {
        return;
      }
      String message = headers.getFirst("message");
      String wireName = headers.getFirst("refusal");
      refusalMessage = message == null ? "the relay sent an ERROR" : message;
      refusal = wireName == null ? "unknown" : wireName;
      report(refusalMessage, refusal);
    }

    @Override
    public void handleException(StompSession s, StompCommand command, StompHeaders headers, byte[] payload,
        Throwable exception) {
      // A frame our handler could not take; the room session counts bad bodies itself.
      up.frame(payload == null ? new byte[0] : payload);
    }

    @Override
    public void handleTransportError(StompSession s, Throwable exception) {
      if (!closing.get()) {
        report("connection to the relay lost: " + rootMessage(exception), null);
      }
    }

    private void report(String reason, String refusedAs) {
      if (reported.compareAndSet(false, true)) {
        up.disconnected(reason, refusedAs);
      }
    }
  }

  private final class RoomFrames implements StompFrameHandler {
    private final RelayConnection up;

    RoomFrames(RelayConnection up) {
      this.up = up;
    }

    @Override
    public Type getPayloadType(StompHeaders headers) {
      return byte[].class;
    }

    @Override
    public void handleFrame(StompHeaders headers, Object payload) {
      String event = headers.getFirst(RelayHeaders.EVENT);
      if (RelayHeaders.GAP.equals(event)) {
        up.gap();
        return;
      }
      if (event != null) {
        String member = headers.getFirst(RelayHeaders.MEMBER);
        if (member != null) {
          up.presence(event, member);
        }
        return;
      }
      String id = headers.getFirst(RelayHeaders.MESSAGE_ID);
      if (id != null) {
        lastMessageId = id;
      }
      up.frame((byte[]) payload);
    }
  }
}
