package chat.relay.membership;

import chat.relay.limits.RelayProperties;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The sessions this relay instance holds and the rooms they are in. Admission and subscription
 * limits are checked here atomically; the broker keeps its own subscription table for routing.
 */
public final class SessionRegistry {

  private final RelayProperties limits;
  private final String instanceId;
  private final LongSupplier nanoClock;
  private final Map<String, MemberSession> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger admitted = new AtomicInteger();

  public SessionRegistry(RelayProperties limits, String instanceId, LongSupplier nanoClock) {
    this.limits = limits;
    this.instanceId = instanceId;
    this.nanoClock = nanoClock;
  }

  public String instanceId() {
    return instanceId;
  }

  /**
   * Admits a session, or returns empty when the relay already holds {@code max-sessions}.
   *
   * @param heartbeatMillis the heart-beat interval the relay owes this client (0: none)
   */
  public Optional<MemberSession> admit(String sessionId, String member, long heartbeatMillis) {
    if (sessions.containsKey(sessionId)) {
      return Optional.of(sessions.get(sessionId));
    }
    if (admitted.incrementAndGet() > limits.maxSessions()) {
      admitted.decrementAndGet();
      return Optional.empty();
    }
    MemberSession session = new MemberSession(sessionId, instanceId + "-" + sessionId, member,
        new TokenBucket(limits.messagesPerSecond(), limits.messageBurst(), nanoClock), heartbeatMillis);
    sessions.put(sessionId, session);
    return Optional.of(session);
  }

  public boolean isConnected(String sessionId) {
    return sessionId != null && sessions.containsKey(sessionId);
  }

  public Optional<MemberSession> find(String sessionId) {
    return Optional.ofNullable(sessionId == null ? null : sessions.get(sessionId));
  }

  public void subscribe(MemberSession session, String subscriptionId, String room) {
    session.subscribe(subscriptionId, room);
  }

  /** The room a subscription was in, if this session had it. */
  public Optional<String> unsubscribe(String sessionId, String subscriptionId) {
    return find(sessionId).flatMap(s -> s.unsubscribe(subscriptionId));
  }

  /** Forgets a session and returns the rooms it was in, so leave events can be sent. */
  public Set<String> remove(String sessionId) {
    MemberSession removed = sessionId == null ? null : sessions.remove(sessionId);
    if (removed == null) {
      return Set.of();
    }
    admitted.decrementAndGet();
    return removed.rooms();
  }

  /** Whether another open session of this member name is in the room (its client reconnected before the old one ended). */
  public boolean stillIn(String member, String room) {
    return sessions.values().stream().anyMatch(s -> s.member().equals(member) && s.isIn(room));
  }

  public int openSessions() {
    return sessions.size();
  }

  public int activeRooms() {
    return sessions.values().stream().flatMap(s -> s.rooms().stream())
        .collect(Collectors.toSet()).size();
  }

  public Collection<MemberSession> all() {
    return List.copyOf(sessions.values());
  }
}
