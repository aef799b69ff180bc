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
  final Map<String, chat.client.RecordingEvents> listeners = new ConcurrentHashMap<>();
  final List<Sent> sent = new CopyOnWriteArrayList<>();
  final Set<String> muted = ConcurrentHashMap.newKeySet();
  final List<ScheduledExecutorService> executors = new CopyOnWriteArrayList<>();
  volatile Predicate<Envelope> filter = e -> true;
  /** Members whose envelopes are held back (in order) until {@link #release}: a slow link, not a loss. */
  final Set<String> delayed = ConcurrentHashMap.newKeySet();
  final List<Sent> held = new CopyOnWriteArrayList<>();

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
    chat.client.RecordingEvents listener = new chat.client.RecordingEvents();
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
    if (delayed.contains(from)) {
      held.add(new Sent(from, envelope));
      return;
    }
    inject(from, codec.encode(envelope));
  }

  /** Delivers what was held back, in the order it was sent, and stops holding. */
  synchronized void release(String member) {
    delayed.remove(member);
    for (Sent s : held) {
      if (s.from().equals(member)) {
        held.remove(s);
        inject(member, codec.encode(s.envelope()));
      }
    }
  }

  long deliveriesTo(String member) {
    return sent.stream().filter(s -> s.envelope() instanceof Envelope.KeyDelivery k && k.wrapFor(member).isPresent()
        && !muted.contains(s.from())).count();
  }

  @Override
  public void close() {
    executors.forEach(ScheduledExecutorService::shutdownNow);
  }

}
