package chat.client.session;

import chat.client.protocol.Envelope;
import chat.client.trust.TrustStore;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What every part of one member's session in one room shares: who and where it is, its settings,
 * the way out (envelopes to the relay, events to the user) and the state the parts read together
 * (the roster of announced keys, the signed chain, the epoch keys, the admission bookkeeping). All
 * of it is confined to the session thread.
 */
record RoomContext(String room, String me, RoomCrypto crypto, TrustStore trust, Outbound outbound,
    RoomListener listener, ScheduledExecutorService executor, Clock clock, RoomSession.Timing timing,
    RoomSession.Rules rules, Roster roster, MembershipChain chain, EpochKeys keys, Admission admission) {

  ScheduledFuture<?> after(java.time.Duration delay, Runnable task) {
    return after(delay.toMillis(), task);
  }

  ScheduledFuture<?> after(long millis, Runnable task) {
    return executor.schedule(task, millis, TimeUnit.MILLISECONDS);
  }

  long now() {
    return clock.millis();
  }

  /** Whether the signed record we hold lists this member. */
  boolean inHead(String member) {
    return chain.head() != null && chain.head().member(member).isPresent();
  }

  /** The policy of the room we hold (a charter naming one we do not know admits by invitation only). */
  RoomSession.Policy policy() {
    return RoomSession.Policy.fromWire(chain.head().charter().policy()).orElse(RoomSession.Policy.INVITE);
  }
}
