package chat.client;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.IdentityKeys;
import chat.client.crypto.IdentityStore;
import chat.client.crypto.MemberKeys;
import chat.client.crypto.RoomKey;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.session.ReplayGuard;
import chat.client.session.RoomListener;
import chat.client.session.RoomSession;
import chat.client.transport.RelayConnection;
import chat.client.transport.StompRelayTransport;
import chat.client.transport.TransportException;
import chat.client.trust.TrustStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The client library's entry point: one member in one room on one relay. It wires the identity
 * and trust stores, the crypto facade, the room session and the STOMP transport; user
 * interfaces talk only to this.
 */
public final class ChatClient implements AutoCloseable {

  /** Room events plus the end of the connection. */
  public interface Events extends RoomListener {
    void disconnected(String reason, boolean refusedByRelay);
  }

  private final ChatOptions options;
  private final Events events;
  private final ChatCrypto crypto;
  private final MemberKeys keys;
  private final IdentityKeys identity;
  private final TrustStore trust;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final StompRelayTransport transport = new StompRelayTransport();
  private final ScheduledExecutorService executor;
  private final RoomSession session;
  private volatile CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);

  /**
   * Loads (or creates) the identity and trust store.
   *
   * @throws IOException the identity file cannot be read or opened (wrong passphrase), in words
   */
  public ChatClient(ChatOptions options, Events events) throws IOException {
    this.options = options;
    this.events = events;
    SecureRandom random = new SecureRandom();
    this.crypto = new ChatCrypto(random, Clock.systemUTC(), options.tokenTtl());
    if (options.configDir() == null) {
      this.identity = crypto.newIdentity();
      this.trust = TrustStore.inMemory();
    } else {
      try {
        this.identity = new IdentityStore(options.configDir(), random).loadOrCreate(options.passphrase());
      } catch (CryptoException e) {
        throw new IOException(e.getMessage(), e);
      }
      this.trust = TrustStore.load(options.configDir());
    }
    this.keys = crypto.newMemberKeys(options.rsaBits());
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "room-" + options.room());
      t.setDaemon(true);
      return t;
    });
    this.session = new RoomSession(options.room(), options.member(), crypto,
        new RoomSession.Credentials(keys, identity), trust, this::sendEnvelope, events, executor, Clock.systemUTC(),
        options.timing(), options.rules(), options.configDir() == null ? ReplayGuard.inMemory()
            : ReplayGuard.persistent(options.configDir().resolve("replay-" + options.room() + ".json")));
  }

  /** Connects, joins the room and announces our keys; key events follow through {@link Events}. */
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

  public CompletableFuture<String> direct(String to, String text) {
    return session.direct(to, text);
  }

  public CompletableFuture<String> invite() {
    return session.invite();
  }

  /** In an {@code approve} room: turns a newcomer away; it is told. */
  public CompletableFuture<Boolean> refuse(String member) {
    return session.refuse(member);
  }

  public CompletableFuture<Boolean> accept(String member) {
    return session.accept(member);
  }

  public CompletableFuture<Boolean> kick(String member) {
    return session.kick(member);
  }

  /** Accepts a member's changed identity key after the user checked it. */
  public CompletableFuture<Boolean> trustNewIdentity(String member) {
    return session.trustNewIdentity(member);
  }

  /** Marks a member's identity verified if its fingerprint is the one compared out of band. */
  public boolean verify(String member, String fingerprint) {
    return trust.verify(member, fingerprint);
  }

  /** The identity fingerprint this user's trust store holds for a member, if any. */
  public Optional<String> knownFingerprint(String member) {
    return trust.get(member).map(TrustStore.Entry::fingerprint);
  }

  /** Completes when the relay has handled everything sent so far. */
  public CompletableFuture<Void> flush() {
    return CompletableFuture.supplyAsync(() -> lastSend, executor).thenCompose(f -> f);
  }

  /** The members this client knows, with whether this user verified each one's identity. */
  public CompletableFuture<List<MemberView>> members() {
    return session.members().thenApply(members -> members.stream().map(m -> new MemberView(m.name(), m.fingerprint(),
        m.keyed(), m.blocked(), trust.get(m.name()).map(e -> e.verified() ? MemberView.Trust.VERIFIED
            : MemberView.Trust.NOT_VERIFIED).orElse(MemberView.Trust.UNKNOWN))).toList());
  }

  public CompletableFuture<Long> droppedCount() {
    return session.droppedCount();
  }

  public CompletableFuture<Long> epoch() {
    return session.epoch();
  }

  /** This user's identity fingerprint: what others compare with {@code /verify}. */
  public String fingerprint() {
    return identity.fingerprint();
  }

  public ChatOptions options() {
    return options;
  }

  CompletableFuture<Optional<RoomKey>> roomKey() {
    return session.roomKey();
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
