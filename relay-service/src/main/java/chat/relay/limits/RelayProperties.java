package chat.relay.limits;

import chat.wire.FrameLimits;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every limit the relay enforces, bound from {@code relay.*} (application.yml, environment
 * variables such as {@code RELAY_MAX_FRAME_BYTES}, or command-line flags).
 *
 * @param maxFrameBytes largest STOMP frame accepted from a client, headers included
 * @param sendBufferBytes bytes queued for one slow session before it is dropped
 * @param sendTimeLimit how long one send to a session may block before it is dropped
 * @param maxSubscriptionsPerSession rooms one session may be in at once
 * @param maxSessions STOMP sessions the relay holds at once
 * @param messagesPerSecond sustained SEND rate per session (token bucket refill)
 * @param messageBurst SEND burst per session (token bucket size)
 * @param accessToken shared token required in CONNECT's {@code access-token} header; empty: off
 * @param allowedOrigins browser origins allowed to open the WebSocket (patterns); non-browser
 *     clients send no Origin and are always allowed
 * @param shutdownNotice how long shutdown waits for the "relay shutting down" ERROR frames to flush
 * @param heartbeat the heart-beat interval the relay offers in CONNECTED, both ways (STOMP 1.2
 *     "Heart-beating"); a client silent for three of them is closed
 * @param connectTimeout how long a new WebSocket may go without sending CONNECT
 * @param frameTimeout how long a frame may stay unfinished once its first bytes arrived
 * @param socketSendBufferBytes the kernel send buffer of each connection (SO_SNDBUF; Linux doubles
 *     it): small enough that a reader that stops reading fills it within seconds, so the relay's
 *     own send-buffer and send-time limits apply instead of megabytes of kernel buffer
 * @param writeBatchBytes most bytes of one session's queued frames written together, as one binary
 *     WebSocket message (at most {@code maxFrameBytes}); 0: every frame in a text message of its own
 * @param announceLimits whether CONNECTED tells each client the rate and frame limits, so that it
 *     paces itself under them (docs/relay.md); off, a client learns them from a refusal
 * @param broker where rooms are fanned out: in this process, or through RabbitMQ for many replicas
 */
@ConfigurationProperties("relay")
public record RelayProperties(
    @DefaultValue("" + FrameLimits.DEFAULT_MAX_FRAME_BYTES) int maxFrameBytes,
    @DefaultValue("524288") int sendBufferBytes,
    @DefaultValue("10s") Duration sendTimeLimit,
    @DefaultValue("16") int maxSubscriptionsPerSession,
    @DefaultValue("10000") int maxSessions,
    @DefaultValue("" + FrameLimits.DEFAULT_MESSAGES_PER_SECOND) double messagesPerSecond,
    @DefaultValue("" + FrameLimits.DEFAULT_MESSAGE_BURST) int messageBurst,
    @DefaultValue("") String accessToken,
    @DefaultValue List<String> allowedOrigins,
    @DefaultValue("2s") Duration shutdownNotice,
    @DefaultValue(FrameLimits.DEFAULT_HEARTBEAT_MILLIS + "ms") Duration heartbeat,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("10s") Duration frameTimeout,
    @DefaultValue("65536") int socketSendBufferBytes,
    @DefaultValue("32768") int writeBatchBytes,
    @DefaultValue("true") boolean announceLimits,
    @DefaultValue Broker broker) {

  public RelayProperties {
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    broker = broker == null ? Broker.IN_PROCESS : broker;
    requirePositive("relay.max-frame-bytes", maxFrameBytes);
    requirePositive("relay.send-buffer-bytes", sendBufferBytes);
    requirePositive("relay.max-subscriptions-per-session", maxSubscriptionsPerSession);
    requirePositive("relay.max-sessions", maxSessions);
    requirePositive("relay.message-burst", messageBurst);
    requirePositive("relay.socket-send-buffer-bytes", socketSendBufferBytes);
    if (writeBatchBytes < 0) {
      throw new IllegalArgumentException("relay.write-batch-bytes must be >= 0 (0: no batching), was " + writeBatchBytes);
    }
    requirePositive("relay.heartbeat", heartbeat == null ? 0 : heartbeat.toMillis());
    requirePositive("relay.connect-timeout", connectTimeout == null ? 0 : connectTimeout.toMillis());
    requirePositive("relay.frame-timeout", frameTimeout == null ? 0 : frameTimeout.toMillis());
    if (!(messagesPerSecond > 0)) {
      throw new IllegalArgumentException("relay.messages-per-second must be > 0");
    }
  }

  /** {@code simple}: Spring's in-process broker (one instance). {@code rabbitmq}: Spring's STOMP broker relay. */
  public enum BrokerMode { SIMPLE, RABBITMQ }

  /**
   * The broker behind the relay. In {@code rabbitmq} mode every replica relays its clients'
   * frames to RabbitMQ's STOMP plugin, which fans them out to the members on every replica.
   */
  public record Broker(
      @DefaultValue("simple") BrokerMode mode,
      @DefaultValue("127.0.0.1") String host,
      @DefaultValue("61613") int port,
      @DefaultValue("/") String virtualHost,
      @DefaultValue("guest") String clientLogin,
      @DefaultValue("guest") String clientPasscode,
      @DefaultValue("guest") String systemLogin,
      @DefaultValue("guest") String systemPasscode,
      @DefaultValue("10s") Duration systemHeartbeat) {

    /** The defaults above, for code that builds properties by hand (tests); Spring binds the annotations. */
    public static final Broker IN_PROCESS = new Broker(BrokerMode.SIMPLE, "127.0.0.1", 61613, "/", "guest", "guest",
        "guest", "guest", Duration.ofSeconds(10));

    public boolean isRabbitMq() {
      return mode == BrokerMode.RABBITMQ;
    }

    /** Never print the passcodes. */
    @Override
    public String toString() {
      return "Broker[mode=" + mode + ", host=" + host + ", port=" + port + ", virtualHost=" + virtualHost + "]";
    }
  }

  public boolean accessTokenRequired() {
    return accessToken != null && !accessToken.isEmpty();
  }

  /** Never print the access token. */
  @Override
  public String toString() {
    return "RelayProperties[maxFrameBytes=" + maxFrameBytes + ", maxSessions=" + maxSessions
        + ", accessTokenRequired=" + accessTokenRequired() + ", broker=" + broker + "]";
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }
}
