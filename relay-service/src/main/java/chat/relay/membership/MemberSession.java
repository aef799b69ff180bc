package chat.relay.membership;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One connected STOMP session: who it says it is, which rooms it is in, and its SEND allowance. */
public final class MemberSession {

  private final String sessionId;
  private final String relaySessionId;
  private final String member;
  private final TokenBucket sendAllowance;
  private final long heartbeatMillis;
  private final Map<String, String> roomBySubscriptionId = new ConcurrentHashMap<>();

  MemberSession(String sessionId, String relaySessionId, String member, TokenBucket sendAllowance,
      long heartbeatMillis) {
    this.heartbeatMillis = heartbeatMillis;
    this.sessionId = sessionId;
    this.relaySessionId = relaySessionId;
    this.member = member;
    this.sendAllowance = sendAllowance;
  }

  public String sessionId() {
    return sessionId;
  }

  /** Unique across relay replicas; what {@code relay-session} carries. */
  public String relaySessionId() {
    return relaySessionId;
  }

  public String member() {
    return member;
  }

  public boolean tryTakeSendToken() {
    return sendAllowance.tryTake();
  }

  /** How often the relay promised this client a heart-beat in CONNECTED; 0: never. */
  public long heartbeatMillis() {
    return heartbeatMillis;
  }

  public boolean hasSubscription(String subscriptionId) {
    return roomBySubscriptionId.containsKey(subscriptionId);
  }

  public int subscriptionCount() {
    return roomBySubscriptionId.size();
  }

  public boolean isIn(String room) {
    return roomBySubscriptionId.containsValue(room);
  }

  void subscribe(String subscriptionId, String room) {
    roomBySubscriptionId.put(subscriptionId, room);
  }

  Optional<String> unsubscribe(String subscriptionId) {
    return Optional.ofNullable(roomBySubscriptionId.remove(subscriptionId));
  }

  public Set<String> rooms() {
    return Set.copyOf(roomBySubscriptionId.values());
  }
}
