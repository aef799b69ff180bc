package chat.client.session;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.MemberKeys;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/** A relay stand-in for session unit tests: fans every envelope out to the other members. */
final class InMemoryRoom implements AutoCloseable {

  static final RoomSession.Timing FAST = new RoomSession.Timing(Duration.ofMillis(300), Duration.ofSeconds(2),
      Duration.ofMillis(200));
  static final String ROOM = "unit";

  final EnvelopeCodec codec = new EnvelopeCodec();
  final ChatCrypto crypto = ChatCrypto.createDefault();
  final Map<String, RoomSession> members = new ConcurrentHashMap<>();
  final Map<String, RecordingListener> listeners = new ConcurrentHashMap<>();
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final Set<String> muted = ConcurrentHashMap.newKeySet();
  final List<ScheduledExecutorService> executors = new CopyOnWriteArrayList<>();
  volatile Predicate<Envelope> filter = e -> true;

  record Sent(String from, Envelope envelope) {}

  final Map<String, RoomSession.Credentials> credentials = new ConcurrentHashMap<>();

  RoomSession join(String name) {
    return join(name, RoomSession.Rules.DEFAULT);
  }

  RoomSession join(String name, RoomSession.Rules rules) {
    return join(name, rules, FAST);
  }

  RoomSession join(String name, RoomSession.Rules rules, RoomSession.Timing timing) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    executors.add(executor);
    RecordingListener listener = new RecordingListener();
    RoomSession.Credentials own = new RoomSession.Credentials(MemberKeys.generate(2048, new SecureRandom()),
        crypto.newIdentity());
    credentials.put(name, own);
    RoomSession session = new RoomSession(ROOM, name, crypto, own, chat.client.trust.TrustStore.inMemory(),
        envelope -> relay(name, envelope), listener, executor, Clock.systemUTC(), timing, rules);
    listeners.put(name, listener);
    members.put(name, session);
    session.start();
    return session;
  }

  /** Delivers raw bytes as if the relay forwarded them from {@code from}. */
  void inject(String from, byte[] body) {
    members.forEach((name, session) -> {
      if (!name.equals(from)) {
        session.receive(body);
      }
    });
  }

  private void relay(String from, Envelope envelope) {
    sent.add(new Sent(from, envelope));
    if (muted.contains(from) || !filter.test(envelope)) {
      return;
    }
    inject(from, codec.encode(envelope));
  }

  long deliveriesTo(String member) {
    return sent.stream().filter(s -> s.envelope() instanceof Envelope.KeyDelivery k && k.to().equals(member)
        && !muted.contains(s.from())).count();
  }

  @Override
  public void close() {
    executors.forEach(ScheduledExecutorService::shutdownNow);
  }

  /** Records what a session told its UI. */
  static final class RecordingListener implements RoomListener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> directs = new CopyOnWriteArrayList<>();
    final List<String> dropped = new CopyOnWriteArrayList<>();
    final List<String> alerts = new CopyOnWriteArrayList<>();
    final List<String> joinRequests = new CopyOnWriteArrayList<>();
    final List<String> identityChanges = new CopyOnWriteArrayList<>();
    volatile String keyId;
    volatile long epoch;
    volatile String failure;

    @Override
    public void keyed(boolean created, String from, String keyId, long epoch, String policy) {
      this.keyId = keyId;
      this.epoch = epoch;
    }

    @Override
    public void message(String author, String text, String id, long sentAtMillis, boolean verified) {
      messages.add((verified ? "" : "[unverified] ") + author + ": " + text);
    }

    @Override
    public void direct(String author, String text, String id, long sentAtMillis, boolean verified) {
      directs.add(author + ": " + text);
    }

    @Override
    public void joinRequest(String member, String fingerprint) {
      joinRequests.add(member);
    }

    @Override
    public void identityChanged(String member, String known, String presented, boolean wasVerified) {
      identityChanges.add(member);
    }

    @Override
    public void alert(String text) {
      alerts.add(text);
    }

    @Override
    public void memberJoined(String member, String fingerprint) {}

    @Override
    public void memberLeft(String member) {}

    @Override
    public void dropped(String reason) {
      dropped.add(reason);
    }

    @Override
    public void keyExchangeFailed(String reason) {
      failure = reason;
    }

    @Override
    public void notice(String text) {}
  }
}
