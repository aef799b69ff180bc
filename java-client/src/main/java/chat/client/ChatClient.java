package chat.client;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.MemberKeys;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.session.RoomListener;
import chat.client.session.RoomSession;
import chat.client.session.Roster;
import chat.client.transport.RelayConnection;
import chat.client.transport.StompRelayTransport;
import chat.client.transport.TransportException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The client library's entry point: one member in one room on one relay. It wires the crypto
 * facade, the room session and the STOMP transport; user interfaces talk only to this.
 */
public final class ChatClient implements AutoCloseable {

  /** Settings of one chat connection. */
  public record Options(URI server, String member, String room, String accessToken, int rsaBits,
      Duration connectTimeout, Duration tokenTtl, RoomSession.Timing timing) {

    public static final URI DEFAULT_SERVER = URI.create("ws://127.0.0.1:5535/chat");
    public static final String DEFAULT_ROOM = "lobby";

    public static Options defaults(String member) {
      return new Options(DEFAULT_SERVER, member, DEFAULT_ROOM, null, MemberKeys.DEFAULT_RSA_BITS,
          Duration.ofSeconds(10), ChatCrypto.DEFAULT_TOKEN_TTL, RoomSession.Timing.DEFAULT);
    }

    @Override
    public String toString() {
      return "Options[server=" + server + ", member=" + member + ", room=" + room + "]";
    }
  }

  /** Room events plus the end of the connection. */
  public interface Events extends RoomListener {
    void disconnected(String reason, boolean refusedByRelay);
  }

  private final Options options;
  private final Events events;
  private final ChatCrypto crypto;
  private final MemberKeys keys;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final StompRelayTransport transport = new StompRelayTransport();
  private final ScheduledExecutorService executor;
  private final RoomSession session;
  private volatile CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);

  public ChatClient(Options options, Events events) {
    this.options = options;
    this.events = events;
    this.crypto = new ChatCrypto(new SecureRandom(), Clock.systemUTC(), options.tokenTtl());
    this.keys = crypto.newMemberKeys(options.rsaBits());
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "room-" + options.room());
      t.setDaemon(true);
      return t;
    });
    this.session = new RoomSession(options.room(), options.member(), crypto, keys, this::sendEnvelope, events,
        executor, Clock.systemUTC(), options.timing());
  }

  /** Connects, joins the room and announces our key; key events follow through {@link Events}. */
  public void connect() throws TransportException {
    transport.connect(options.server(), options.member(), options.accessToken(), options.room(),
        new RelayConnection() {
          @Override
          public void frame(byte[] body) {
            session.receive(body);
          }

          @Override
          public void presence(String event, String member) {
            if ("leave".equals(event)) {
              session.memberLeft(member);
            }
          }

          @Override
          public void disconnected(String reason, boolean refusedByRelay) {
            events.disconnected(reason, refusedByRelay);
          }
        }, options.connectTimeout());
    session.start();
  }

  public CompletableFuture<Optional<String>> say(String text) {
    return session.say(text);
  }

  /** Completes when the relay has handled everything sent so far. */
  public CompletableFuture<Void> flush() {
    return CompletableFuture.supplyAsync(() -> lastSend, executor).thenCompose(f -> f);
  }

  public CompletableFuture<List<Roster.Member>> members() {
    return session.members();
  }

  public CompletableFuture<Long> droppedCount() {
    return session.droppedCount();
  }

  CompletableFuture<Optional<chat.client.crypto.RoomKey>> roomKey() {
    return session.roomKey();
  }

  public String fingerprint() {
    return MemberKeys.fingerprint(keys.publicKeyDer());
  }

  public Options options() {
    return options;
  }

  private void sendEnvelope(Envelope envelope) {
    lastSend = transport.send(codec.encode(envelope));
  }

  @Override
  public void close() {
    session.close();
    transport.close();
    executor.shutdown();
  }
}
