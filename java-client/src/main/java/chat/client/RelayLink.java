package chat.client;

import chat.client.transport.RelayConnection;
import chat.client.transport.RelayLimits;
import chat.client.transport.StompRelayTransport;
import chat.client.transport.TransportException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The client's link to the relay, kept up across bad days (docs/RELIABILITY.md): every frame goes
 * through one ordered outbox, sent at a pace under the relay's rate limit (a window of frames ahead of
 * the receipts) and taken off only when the relay confirms it (RECEIPT), so a frame caught by a cut is
 * sent again after reconnecting (the room
 * drops a repeat: every message has a per-author counter). A lost link is retried with exponential
 * backoff and jitter, through the replicas in turn, for a bounded time; a refusal is not retried,
 * except the relay's shutdown notice, which means "reconnect elsewhere".
 */
final class RelayLink {

  /** What the link tells the client. */
  interface Listener extends RelayConnection {
    /** The link is down; the next attempt is in {@code retryIn}. */
    void linkLost(String reason, Duration retryIn);

    /** Connected again (to {@code server}) and subscribed to the room. */
    void linkBack(URI server);

    /** The relay refused us for good (its words, its wire name): trying again would not help. */
    void refused(String reason, String refusal);

    /** Nothing worked for {@code ChatOptions.Link#reconnectFor}: the chat ends. */
    void gaveUp(String reason);
  }

  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  /** Frames sent ahead of the relay's receipts. */
  static final int WINDOW = 32;
  static final Duration MAX_RETRY = Duration.ofSeconds(15);
  /**
   * Refusals that mean "this connection is over", not "you are not welcome": reconnect. An ERROR
   * without the relay's {@code refusal} header ("unknown") is not the relay's refusal but, behind a
   * broker, Spring's word that the broker connection went: another replica may serve us.
   */
  static final List<String> RECONNECT_AFTER = List.of("shutting-down", "heartbeat-timeout", "frame-timeout",
      "connect-timeout", "unknown");

  private final ChatOptions options;
  private final javax.net.ssl.SSLContext tls;
  private final Listener listener;
  private final ArrayDeque<Frame> outbox = new ArrayDeque<>();
  /** How many of the outbox's first frames went out on the current connection. */
  private int sent;
  private final Pace pace;
  private final Thread sender;
  private final Object lock = new Object();
  private StompRelayTransport transport;
  private boolean up;
  private boolean closed;
  private int serverIndex;
  private long generation;
  private String lastSeen;
  private RelayLimits limits = RelayLimits.DEFAULTS;

  /** @param tls what {@code wss://} trusts (from --trust-store); null: the JVM's trust store */
  RelayLink(ChatOptions options, Listener listener, javax.net.ssl.SSLContext tls) {
    this.options = options;
    this.tls = tls;
    this.listener = listener;
    this.pace = new Pace(options.link().framesPerSecond(), options.link().burst());
    this.sender = new Thread(this::sendLoop, "relay-sender");
    this.sender.setDaemon(true);
  }

  /** The first connection: each server once; if none answers, the reason (exit 3), nothing retried. */
  void connect() throws TransportException {
    TransportException last = null;
    List<URI> servers = options.servers();
    for (int i = 0; i < servers.size(); i++) {
      try {
        open(i);
        sender.start();
        return;
      } catch (TransportException e) {
        if (e.refusal() != null) {
          throw e;
        }
        last = e;
      }
    }
    throw last;
  }

  /**
   * Queues a frame; its future completes when the relay confirms it (RECEIPT). Null (and nothing
   * queued) when the outbox is full because the link has been down a long time. Frames go out in
   * the order they were queued.
   */
  CompletableFuture<Void> send(byte[] body) {
    synchronized (lock) {
      if (closed || outbox.size() >= options.link().queueLimit()) {
        return null;
      }
      Frame frame = new Frame(body);
      outbox.addLast(frame);
      lock.notifyAll();
      return frame.confirmed;
    }
  }

  /** Frames not yet confirmed by the relay. */
  int pending() {
    synchronized (lock) {
      return outbox.size();
    }
  }

  /** What the relay of the current (or last) connection announced of its limits. */
  RelayLimits limits() {
    synchronized (lock) {
      return limits;
    }
  }

  /** Frames a second this client sends at most, now. */
  double pace() {
    return pace.perSecond();
  }

  boolean isUp() {
    synchronized (lock) {
      return up;
    }
  }

  /** Completes when every frame queued so far is confirmed, or when the link is closed. */
  CompletableFuture<Void> drained() {
    return CompletableFuture.runAsync(() -> {
      synchronized (lock) {
        while (!closed && !outbox.isEmpty()) {
          try {
            lock.wait(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    });
  }

  void close() {
    StompRelayTransport current;
    synchronized (lock) {
      closed = true;
      up = false;
      current = transport;
      lock.notifyAll();
    }
    if (current != null) {
      current.close();
    }
    sender.interrupt();
  }

  private void open(int index) throws TransportException {
    URI server = options.servers().get(index);
    StompRelayTransport next = new StompRelayTransport(options.link().heartbeat(), tls);
    long generation;
    synchronized (lock) {
      generation = ++this.generation;
    }
    try {
      next.connect(server, options.member(), options.accessToken(), options.room(), new Ended(generation),
          options.connectTimeout(), lastSeen);
    } catch (TransportException e) {
      next.close();
      throw e;
    }
    synchronized (lock) {
      if (closed) {
        next.close();
        return;
      }
      transport = next;
      limits = next.limits();
      pace.under(limits, options.link());
      serverIndex = index;
      up = true;
      lock.notifyAll();
    }
    if (!next.isConnected()) {
      // it ended while we were still opening it: its ending was not ours to act on then
      lost("connection to the relay lost right after connecting");
    }
  }

  /** Down: try again after a growing, jittered delay, moving through the servers, until reconnectFor. */
  private void lost(String reason) {
    StompRelayTransport dead;
    synchronized (lock) {
      if (closed || !up) {
        return;
      }
      up = false;
      sent = 0; // what was not confirmed goes again on the next connection
      dead = transport;
      transport = null;
      if (dead.lastMessageId() != null) {
        lastSeen = dead.lastMessageId(); // the relay gives what followed it, from its backlog
      }
    }
    dead.close();
    Thread retry = new Thread(() -> reconnect(reason), "relay-reconnect");
    retry.setDaemon(true);
    retry.start();
  }

  private void reconnect(String firstReason) {
    long deadline = System.nanoTime() + options.link().reconnectFor().toNanos();
    Duration delay = FIRST_RETRY;
    String reason = firstReason;
    int servers = options.servers().size();
    int index = serverIndex;
    while (System.nanoTime() < deadline) {
      Duration wait = jittered(delay);
      listener.linkLost(reason, wait);
      try {
        Thread.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      index = (index + 1) % servers; // a lost replica: the next one first (itself again when it is the only one)
      try {
        open(index);
        if (isUp()) {
          listener.linkBack(options.servers().get(index));
        }
        return;
      } catch (TransportException e) {
        if (e.refusal() != null && !RECONNECT_AFTER.contains(e.refusal())) {
          refusedForGood(e.getMessage(), e.refusal());
          return;
        }
        reason = e.getMessage();
      }
      delay = delay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : delay.multipliedBy(2);
    }
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    listener.gaveUp("could not reach the relay again within " + options.link().reconnectFor().toSeconds() + " s ("
        + reason + ")");
  }

  private void refusedForGood(String reason, String refusal) {
    synchronized (lock) {
      closed = true;
      up = false;
      lock.notifyAll();
    }
    listener.refused(reason, refusal);
  }

  /** ±20 %, so a room of clients cut at once does not come back at once. */
  private static Duration jittered(Duration delay) {
    double factor = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (delay.toMillis() * factor));
  }

  /**
   * Sends the outbox in order, up to {@link #WINDOW} frames ahead of the relay's receipts (one at a
   * time would make every frame wait for a round trip, and a join storm's records and deliveries
   * queue behind each other). A receipt takes its frame, and every confirmed one before it, off the
   * outbox; after a cut, sending starts again from the first unconfirmed frame.
   */
  private void sendLoop() {
    while (true) {
      Frame frame;
      StompRelayTransport via;
      long connection;
      synchronized (lock) {
        while (!closed && (!up || sent >= outbox.size() || sent >= WINDOW)) {
          try {
            lock.wait(200);
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        frame = nth(sent);
        sent++;
        via = transport;
        connection = generation;
      }
      try {
        pace.take();
      } catch (InterruptedException e) {
        return;
      }
      via.send(frame.body).orTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .whenComplete((ok, failed) -> confirmed(frame, failed == null, connection));
    }
  }

  private void confirmed(Frame frame, boolean ok, long connection) {
    synchronized (lock) {
      if (ok) {
        frame.confirmed.complete(null);
        while (!outbox.isEmpty() && outbox.peekFirst().confirmed.isDone()) {
          outbox.removeFirst();
          sent = Math.max(0, sent - 1);
        }
      } else if (connection == generation) {
        sent = 0; // no receipt on a link still believed up: from the first unconfirmed frame again (repeats are dropped)
      }
      lock.notifyAll();
    }
  }

  private Frame nth(int index) {
    int i = 0;
    for (Frame f : outbox) {
      if (i++ == index) {
        return f;
      }
    }
    throw new IllegalStateException("no frame " + index);
  }

  /** A frame in the outbox, and whether the relay confirmed it. */
  private static final class Frame {
    final byte[] body;
    final CompletableFuture<Void> confirmed = new CompletableFuture<>();

    Frame(byte[] body) {
      this.body = body;
    }
  }

  /** How one connection ended; an old connection's ending means nothing once a newer one is open. */
  private final class Ended implements RelayConnection {
    private final long generation;

    Ended(long generation) {
      this.generation = generation;
    }

    @Override
    public void frame(byte[] body) {
      listener.frame(body);
    }

    @Override
    public void presence(String event, String member) {
      listener.presence(event, member);
    }

    @Override
    public void gap() {
      listener.gap();
    }

    @Override
    public void disconnected(String reason, String refusal) {
      synchronized (lock) {
        if (generation != RelayLink.this.generation || !up) {
          return; // a connection being opened reports through its exception; an old one is over
        }
      }
      if (refusal != null && !RECONNECT_AFTER.contains(refusal)) {
        refusedForGood(reason, refusal);
      } else {
        lost(reason);
      }
    }
  }
}
