package chat.client.session;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.IdentityKeys;
import chat.client.crypto.Invitation;
import chat.client.crypto.MemberKeys;
import chat.client.crypto.RoomKey;
import chat.client.protocol.Envelope;
import chat.client.trust.TrustStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * One member's view of one room (protocol version 3, docs/PROTOCOL.md): joining under the room's
 * admission policy, getting or creating the room key, answering newcomers, rekeying into a new
 * epoch when members change, and sealing, signing, opening and checking messages. This class is
 * the public face and the thread confinement: every call and every frame becomes a task on the
 * single-threaded {@code executor}, where the {@link RoomEngine} does the work, so the state needs
 * no locks. It has no socket: frames come in through {@link #receive}, envelopes go out through
 * {@code outbound}.
 */
public final class RoomSession {

  /**
   * Where the session is. JOINING: announced, waiting for a record that lists us (or to decide it
   * may create the room); AWAITING_APPROVAL: a member of an approve room said a person decides, so
   * the long wait runs instead of the key timeout; KEYED: holding the key of a record that lists us;
   * REMOVED: a record we hold removes us; FAILED: the key exchange failed; CLOSED: the user left.
   */
  public enum State { JOINING, AWAITING_APPROVAL, KEYED, REMOVED, FAILED, CLOSED }

  /** Who may be let into a room, fixed by its creator in the signed charter. */
  public enum Policy {
    OPEN, INVITE, APPROVE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Policy> fromWire(String name) {
      for (Policy p : values()) {
        if (p.wireName().equals(name)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * @param joinWait how long a newcomer waits for a key before it may decide it is alone
   * @param keyTimeout how long a newcomer waits in all when it knows a keyed member is present
   * @param answerStep delay between the ranked members that may answer a newcomer or rekey (fallback)
   * @param approvalWait how long a newcomer of an {@code approve} room waits, once told its request is
   *     pending, for a member to accept it
   */
  public record Timing(Duration joinWait, Duration keyTimeout, Duration answerStep, Duration approvalWait) {
    /** Time for a person to see a join request and answer it: minutes, not seconds. */
    public static final Duration DEFAULT_APPROVAL_WAIT = Duration.ofMinutes(5);
    public static final Timing DEFAULT = new Timing(Duration.ofMillis(1500), Duration.ofSeconds(10),
        Duration.ofMillis(400));

    public Timing(Duration joinWait, Duration keyTimeout, Duration answerStep) {
      this(joinWait, keyTimeout, answerStep, DEFAULT_APPROVAL_WAIT);
    }
  }

  /**
   * @param policy the policy of a room this client creates
   * @param invitation the invitation this client joins with, or null
   * @param rekeyAfterMessages a new epoch after this many messages in the room
   * @param rekeyInterval a new epoch after this long
   * @param epochGrace how long the previous epoch's key still opens messages after a rekey
   * @param createAnew the user asked to start a new room under this name if nobody gives its key,
   *     even one this client has been in under another creator (the pin is then moved to us)
   */
  /**
   * How room keys travel (docs/PROTOCOL.md, "Hybrid key delivery"): {@code hybrid}, RSA-OAEP and
   * ML-KEM-768 together, or {@code rsa}, the original design's RSA-OAEP alone. A room's charter
   * names the one it requires; a client's own setting is what it announces and what it creates.
   */
  public enum KeyProtection {
    HYBRID, RSA;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyProtection> fromWire(String name) {
      for (KeyProtection p : values()) {
        if (p.wireName().equals(name)) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
  }

  /** @param protection what this client announces it can take, and what a room it creates requires */
  public record Rules(Policy policy, Invitation invitation, int rekeyAfterMessages, Duration rekeyInterval,
      Duration epochGrace, boolean createAnew, KeyProtection protection) {
    public static final Rules DEFAULT = new Rules(Policy.OPEN, null, 500, Duration.ofMinutes(30), Duration.ofSeconds(30));

    public Rules(Policy policy, Invitation invitation, int rekeyAfterMessages, Duration rekeyInterval,
        Duration epochGrace) {
      this(policy, invitation, rekeyAfterMessages, rekeyInterval, epochGrace, false, KeyProtection.HYBRID);
    }

    public Rules creatingAnew() {
      return new Rules(policy, invitation, rekeyAfterMessages, rekeyInterval, epochGrace, true, protection);
    }

    public Rules withProtection(KeyProtection chosen) {
      return new Rules(policy, invitation, rekeyAfterMessages, rekeyInterval, epochGrace, createAnew, chosen);
    }
  }

  /** The keys this member holds: RSA for receiving room keys, Ed25519 for signing. */
  public record Credentials(MemberKeys rsa, IdentityKeys identity) {}

  private final ScheduledExecutorService executor;
  private final RoomEngine engine;
  private final RoomContext ctx;

  public RoomSession(String room, String me, ChatCrypto crypto, Credentials own, TrustStore trust,
      Consumer<Envelope> outbound, RoomListener listener, ScheduledExecutorService executor, Clock clock,
      Timing timing, Rules rules) {
    this(room, me, crypto, own, trust, outbound, listener, executor, clock, timing, rules, ReplayGuard.inMemory());
  }

  /** @param replays what this member accepted before, possibly in an earlier run of the client */
  public RoomSession(String room, String me, ChatCrypto crypto, Credentials own, TrustStore trust,
      Consumer<Envelope> outbound, RoomListener listener, ScheduledExecutorService executor, Clock clock,
      Timing timing, Rules rules, ReplayGuard replays) {
    this.executor = executor;
    this.ctx = new RoomContext(room, me, new RoomCrypto(room, me, crypto, own,
        rules.protection() == KeyProtection.HYBRID), trust, Outbound.of(outbound), listener,
        executor,
        clock, timing, rules, new Roster(), new MembershipChain(), new EpochKeys(), new Admission());
    this.engine = new RoomEngine(ctx, replays);
  }

  /** Announces our keys and starts waiting for the room key. Call once subscribed. */
  public void start() {
    post(engine::start);
  }

  /** A frame body from the room, as the relay delivered it. */
  public void receive(byte[] body) {
    post(() -> engine.onFrame(body));
  }

  /** The link to the relay is back after a cut: say we are here again, with the record we hold. */
  public void reconnected() {
    post(engine::onReconnected);
  }

  /** The relay says a member left: only its claim, shown as such until a signed record confirms it. */
  public void memberLeft(String member) {
    post(() -> engine.onMemberLeft(member));
  }

  /** Seals, signs and sends a message; completes with its id, or empty if the room key is not held. */
  public CompletableFuture<Optional<String>> say(String text) {
    return call(() -> engine.actions().say(text));
  }

  /** Sends a message only {@code to} can read; completes with its id, or a reason it was not sent. */
  public CompletableFuture<String> direct(String to, String text) {
    return call(() -> engine.actions().direct(to, text));
  }

  /** An invitation code for an {@code invite} room; only this member can admit with it. */
  public CompletableFuture<String> invite() {
    return call(() -> engine.actions().invite());
  }

  /** In an {@code approve} room: turns a newcomer away, telling it so. */
  public CompletableFuture<Boolean> refuse(String member) {
    return call(() -> engine.actions().refuse(member));
  }

  /** Admits a member who asked to join an {@code approve} room. */
  public CompletableFuture<Boolean> accept(String member) {
    return call(() -> engine.actions().accept(member));
  }

  /** The room's creator removes a member: a signed record without it, in a new epoch, at once. */
  public CompletableFuture<Boolean> kick(String member) {
    return call(() -> engine.actions().kick(member));
  }

  /** The user accepted a member's new identity key: remember it and let the member in again. */
  public CompletableFuture<Boolean> trustNewIdentity(String member) {
    return call(() -> engine.actions().trustNewIdentity(member));
  }

  public CompletableFuture<State> state() {
    return call(engine::state);
  }

  /**
   * The other members: those of the signed record we hold, then anyone who announced and is not in
   * it yet (not keyed).
   */
  public CompletableFuture<List<Roster.Member>> members() {
    return call(() -> engine.actions().members());
  }

  public CompletableFuture<Long> droppedCount() {
    return call(() -> engine.life().dropped());
  }

  public CompletableFuture<Long> epoch() {
    return call(() -> ctx.keys().epoch());
  }

  /** The current room key, if held: for the owner's own audits (the relay-blindness tests), never for the wire. */
  public CompletableFuture<Optional<RoomKey>> roomKey() {
    return call(() -> Optional.ofNullable(ctx.keys().current()));
  }

  public void close() {
    post(() -> engine.life().close());
  }

  /** Runs on the session thread; after the executor is shut down, frames still arriving are ignored. */
  private void post(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException closed) {
      // the session is closed
    }
  }

  private <T> CompletableFuture<T> call(Callable<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          result.complete(action.call());
        } catch (Exception e) {
          result.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException closed) {
      result.completeExceptionally(new IllegalStateException("the room session is closed"));
    }
    return result;
  }
}
