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
import chat.client.transport.TransportException;
import chat.client.transport.TrustStores;
import chat.client.trust.TrustStore;
import java.io.IOException;
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
 * The client library's entry point: one member in one room on one relay. It wires the identity
 * and trust stores, the crypto facade, the room session and the link to the relay (which
 * reconnects by itself); user interfaces talk only to this.
 */
public final class ChatClient implements AutoCloseable {

  /** The most UTF-8 bytes one message carries ({@link LineLimit}). */
  public static final int MAX_TEXT_BYTES = LineLimit.MAX_TEXT_BYTES;

  /** Room events plus the link's. */
  public interface Events extends RoomListener {
    /**
     * The chat is over on the relay's side: refused (the relay's reason and what to do; exit 3), or
     * lost and not restored within the reconnect time (exit 5).
     */
    void disconnected(String reason, boolean refusedByRelay);

    /** The link is down; the client tries again in {@code retryIn}. Lines typed meanwhile are kept. */
    default void linkLost(String reason, Duration retryIn) {}

    /** Connected again; {@code queued} lines typed while away are being sent. */
    default void linkBack(URI server, int queued) {}

    /** Our line went out as message {@code id}, sealed; pending until {@link #delivered}. */
    default void sent(String id, String text) {}

    /** The relay confirmed our message {@code id} (RECEIPT): it was handed to the room. */
    default void delivered(String id) {}
  }

  private final ChatOptions options;
  private final Events events;
  private final ChatCrypto crypto;
  private final MemberKeys keys;
  private final IdentityKeys identity;
  private final TrustStore trust;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final RelayLink link;
  private final ScheduledExecutorService executor;
  private final RoomSession session;
  private final OfflineLines offline;
  private final String trustStoreProblem;

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
        new RoomSession.Credentials(keys, identity), trust, new LinkOut(), events, executor, Clock.systemUTC(),
        options.timing(), options.rules(), options.configDir() == null ? ReplayGuard.inMemory()
            : ReplayGuard.persistent(options.configDir().resolve("replay-" + options.room() + ".json")));
    javax.net.ssl.SSLContext tls = null;
    String unreadable = null;
    if (options.link().trustStore() != null) {
      try {
        tls = TrustStores.trusting(options.link().trustStore(), options.link().trustStorePassword());
      } catch (IOException e) {
        unreadable = e.getMessage(); // said when connecting: nothing is sent without the trust asked for
      }
    }
    this.trustStoreProblem = unreadable;
    this.link = new RelayLink(options, new LinkEvents(), tls);
    this.offline = new OfflineLines(options.link().queueLimit(), options.timing().keyTimeout().toMillis(), executor,
        this::sealed);
  }

  /** Connects, joins the room and announces our keys; key events follow through {@link Events}. */
  public void connect() throws TransportException {
    if (trustStoreProblem != null) {
      throw new TransportException(trustStoreProblem);
    }
    try {
      link.connect();
    } catch (TransportException e) {
      throw e.refusal() == null ? e : new TransportException(RelayRefusals.explain(e.refusal(), e.getMessage(),
          options.accessToken() != null && !options.accessToken().isEmpty(), link), e.refusal());
    }
    session.start();
  }

  /**
   * Whether a line goes straight out: the link is up and nothing typed offline still waits. Else
   * {@link #queue} keeps it, behind those, so lines arrive in the order they were typed.
   */
  public boolean online() {
    return link.isUp() && offline.size() == 0;
  }

  /**
   * Keeps a line typed while the link is down, to be sealed and sent once it is back (under the key
   * the room has then); false if {@code ChatOptions.Link#queueLimit} lines already wait.
   */
  public boolean queue(String text) {
    checkLength(text);
    return offline.keep(text);
  }

  /** Lines typed while the link was down and not sent yet. */
  public int queued() {
    return offline.size();
  }

  public CompletableFuture<Optional<String>> say(String text) {
    checkLength(text);
    return sealed(text);
  }

  /** Seals and sends a line; says it was sent (a line typed offline too, when it goes). */
  private CompletableFuture<Optional<String>> sealed(String text) {
    return session.say(text).thenApply(id -> {
      id.ifPresent(messageId -> events.sent(messageId, text));
      return id;
    });
  }

  private void checkLength(String text) {
    String tooLong = LineLimit.tooLong(text, link.limits());
    if (tooLong != null) {
      throw new IllegalArgumentException(tooLong);
    }
  }

  public CompletableFuture<String> direct(String to, String text) {
    checkLength(text);
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

  /** What this client announces it takes: {@code hybrid} or {@code rsa} (--key-protection). */
  public String keyProtection() {
    return options.rules().protection().wireName();
  }

  /** Whether this user compared the member's fingerprint out of band ({@code /verify}). */
  public boolean isVerified(String member) {
    return trust.get(member).map(TrustStore.Entry::verified).orElse(false);
  }

  /** The identity fingerprint this user's trust store holds for a member, if any. */
  public Optional<String> knownFingerprint(String member) {
    return trust.get(member).map(TrustStore.Entry::fingerprint);
  }

  /** Completes when the relay has confirmed everything sent so far (RECEIPT), or the link is closed. */
  public CompletableFuture<Void> flush() {
    return CompletableFuture.supplyAsync(() -> null, executor).thenCompose(done -> link.drained());
  }

  /** Frames not yet confirmed by the relay, with the lines still waiting for the link. */
  public int unconfirmed() {
    return link.pending() + queued();
  }

  /** The members this client knows, with whether this user verified each one's identity. */
  public CompletableFuture<List<MemberView>> members() {
    return session.members().thenApply(members -> members.stream().map(m -> new MemberView(m.name(), m.fingerprint(),
        m.keyed(), m.blocked(), trust.get(m.name()).map(e -> e.verified() ? MemberView.Trust.VERIFIED
            : MemberView.Trust.NOT_VERIFIED).orElse(MemberView.Trust.UNKNOWN), m.keyProtection())).toList());
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

  /** Envelopes to the link; a room message's confirmation by the relay is told to the user by its id. */
  private final class LinkOut implements chat.client.session.Outbound {
    @Override
    public void accept(Envelope envelope) {
      send(envelope);
    }

    @Override
    public void accept(Envelope envelope, String messageId) {
      CompletableFuture<Void> confirmed = send(envelope);
      if (confirmed != null) {
        confirmed.thenRun(() -> events.delivered(messageId));
      }
    }

    private CompletableFuture<Void> send(Envelope envelope) {
      CompletableFuture<Void> confirmed = link.send(codec.encode(envelope));
      if (confirmed == null) {
        events.alert("not sent: " + options.link().queueLimit() + " frames already wait for the relay (the link has"
            + " been down a long time)");
      }
      return confirmed;
    }
  }

  @Override
  public void close() {
    session.close();
    link.close();
    executor.shutdown();
  }

  /** The link's news, turned into the session's and the user's. */
  private final class LinkEvents implements RelayLink.Listener {
    @Override
    public void frame(byte[] body) {
      session.receive(body);
    }

    @Override
    public void presence(String event, String member) {
      if ("leave".equals(event)) {
        session.memberLeft(member);
      } else if ("join".equals(event)) {
        offline.memberBack(member);
      }
    }

    @Override
    public void disconnected(String reason, String refusal) {
      // (the link reports endings through the methods below)
    }

    @Override
    public void gap() {
      events.alert("the relay could not give all that was sent while you were away (it keeps a short backlog, and"
          + " none across its own restart): some messages may be missing");
    }

    @Override
    public void linkLost(String reason, Duration retryIn) {
      events.linkLost(reason, retryIn);
    }

    @Override
    public void linkBack(URI server) {
      events.linkBack(server, queued());
      session.reconnected();
      // What was typed meanwhile waits for the members of our record to be back (a relay that
      // restarted has nothing to give a member who subscribes after the line went by).
      session.members().thenAccept(members -> offline.back(members.stream().filter(m -> m.keyed())
          .map(m -> m.name()).collect(java.util.stream.Collectors.toSet())));
    }

    @Override
    public void refused(String reason, String refusal) {
      events.disconnected(RelayRefusals.explain(refusal, reason, options.accessToken() != null
          && !options.accessToken().isEmpty(), link), true);
    }

    @Override
    public void gaveUp(String reason) {
      events.disconnected(reason, false);
    }
  }
}
