package chat.client.session;

import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.trust.TrustStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * Getting into a room: the join wait and what ends it (a key, a refusal, a person's answer, or the
 * decision that this member is the first here and creates the room), the race between newcomers who
 * create the same room at once, and the newcomers who announced while we were still joining. What
 * it learns while joining (a keyed member is here, a delivery for us was refused) forbids creating a
 * room of our own: a failed key exchange then fails closed.
 */
final class Joining {

  private final RoomContext ctx;
  private final RoomEngine engine;
  private final RecordMaker maker;
  /** Newcomers who announced while we were joining: answered (or asked about) once we are keyed. */
  private final Set<String> waitingNewcomers = new LinkedHashSet<>();
  private ScheduledFuture<?> timer;
  private boolean keyedMemberSeen;
  /** Why a record or key for us was refused while joining: then we never make a room of our own. */
  private String refusedDelivery;
  /** We made this room a moment ago, unpinned before: the room we give up if we lose a join race. */
  private long createdAtMillis = -1;
  private boolean pinnedByCreating;

  Joining(RoomContext ctx, RoomEngine engine, RecordMaker maker) {
    this.ctx = ctx;
    this.engine = engine;
    this.maker = maker;
  }

  void start(Duration wait) {
    timer = ctx.after(wait, engine::joinWaitOver);
  }

  /** Someone holds a record of this room: it will let us in, so we never race to create it. */
  void keyedMemberSeen() {
    keyedMemberSeen = true;
  }

  boolean keyedMemberKnown() {
    return keyedMemberSeen;
  }

  void newcomer(String member) {
    waitingNewcomers.add(member);
  }

  void forget(String member) {
    waitingNewcomers.remove(member);
  }

  void refused(String why) {
    refusedDelivery = why;
  }

  /** The join wait is over with no key: wait on (the room exists) or create it (we are the first). */
  void waitOver() {
    if (refusedDelivery != null) {
      engine.life().fail(refusedDelivery + "; not creating a room of your own while its members are there");
      return;
    }
    TrustStore.RoomPin pin = ctx.trust().roomPin(ctx.room()).orElse(null);
    boolean someoneElseCreates = waitingNewcomers.stream().anyMatch(other -> other.compareTo(ctx.me()) < 0);
    long rest = Math.max(0, ctx.timing().keyTimeout().minus(ctx.timing().joinWait()).toMillis());
    long timeout = ctx.timing().keyTimeout().toSeconds();
    if (pin != null && !pin.creator().equals(ctx.me()) && !ctx.rules().createAnew()) {
      timer = ctx.after(rest, () -> engine.timedOut(RoomSession.State.JOINING, "room " + ctx.room() + " already exists (created by "
          + pin.creator() + ", " + pin.fingerprint() + ") and no member gave you its key within " + timeout
          + " s; not creating a new room under its name (run with --create to start one)"));
      return;
    }
    if (keyedMemberSeen || someoneElseCreates || ctx.rules().invitation() != null) {
      timer = ctx.after(rest, () -> engine.timedOut(RoomSession.State.JOINING, refusedDelivery != null
          ? refusedDelivery + "; not creating a room of your own while its members are there"
          : ctx.rules().invitation() != null ? "no room key arrived from the inviter within " + timeout + " s (an"
              + " invitation admits one person: if it was used before, ask for a new one)"
          : "no room key arrived within " + timeout + " s although other members are present"));
      return;
    }
    create();
  }

  private void create() {
    Envelope.Charter charter = ctx.crypto().charter(ctx.rules().policy().wireName());
    pinnedByCreating = ctx.trust().roomPin(ctx.room()).isEmpty();
    createdAtMillis = ctx.now();
    RecordMaker.Made made = maker.make(1, null, charter, List.of(new Envelope.RecordMember(ctx.me(),
        ctx.crypto().ownIdentityKey(), ctx.crypto().ownKeyFingerprint())), List.of(), "create", List.of(ctx.me()),
        Map.of(), List.of(), null);
    ctx.outbound().accept(made.record());
    engine.life().adopt(made.record(), made.hash(), made.key(), true, ctx.me());
  }

  /**
   * Two newcomers made the room at the same moment: the room with more members, then the one whose
   * creator's name sorts first, stays; the other creator, still alone in a room it made a moment
   * ago, gives its own up. Never for a room that was pinned before, or once anyone joined.
   */
  boolean losesRaceTo(Envelope.Record r) {
    Envelope.Record head = ctx.chain().head();
    if (createdAtMillis < 0 || head.members().size() != 1 || head.epoch() != 1
        || ctx.now() - createdAtMillis > ctx.timing().keyTimeout().toMillis()
        || r.charter().signature().equals(head.charter().signature()) || !ctx.room().equals(r.room())) {
      return false;
    }
    boolean theirsStays = r.members().size() > 1 || r.charter().creator().compareTo(ctx.me()) < 0;
    return theirsStays
        && ctx.chain().check(r, RoomCrypto.recordHash(r), ctx.room()).standing() == MembershipChain.Standing.REFUSED
        && RoomCrypto.signedByItsCreator(r.charter());
  }

  /** We gave our room up for theirs: forget it, and wait for their key as a newcomer. */
  void gaveUpOurRoom(String theirCreator) {
    ctx.listener().notice(theirCreator + " made room " + ctx.room() + " at the same moment: joining theirs");
    if (pinnedByCreating) {
      ctx.trust().unpinRoom(ctx.room());
    }
    createdAtMillis = -1;
    timer = ctx.after(ctx.timing().keyTimeout(), engine::joinWaitOver);
  }

  /** A member of an approve room says our request waits for a person: the long wait replaces the short one. */
  void awaitApproval(ChatContent pending) {
    cancel();
    Duration wait = ctx.timing().approvalWait();
    ctx.listener().awaitingApproval(pending.author(), wait);
    timer = ctx.after(wait, () -> engine.timedOut(RoomSession.State.AWAITING_APPROVAL, "no member of room " + ctx.room() + " accepted your request"
        + " within " + minutes(wait) + " (it admits by approval: ask a member to /accept you)"));
  }

  private static String minutes(Duration wait) {
    return wait.toMinutes() >= 1 ? wait.toMinutes() + " min" : wait.toSeconds() + " s";
  }

  /**
   * We hold a key now: the newcomers who announced meanwhile are let in (an open room) or asked
   * about (an approve room) before the user hears we are keyed, so a line piped the moment we are
   * keyed does not overtake their admission. Then the room is pinned to its creator.
   */
  void keyed(Envelope.Record record, boolean created, Keying keying) {
    cancel();
    for (String newcomer : new ArrayList<>(waitingNewcomers)) {
      Roster.Member m = ctx.roster().get(newcomer).orElse(null);
      if (m == null || m.publicKey() == null || record.member(newcomer).isPresent()) {
        continue;
      }
      if (ctx.policy() == RoomSession.Policy.OPEN) {
        keying.join(newcomer, true);
      } else if (ctx.policy() == RoomSession.Policy.APPROVE && ctx.admission().request(newcomer)) {
        ctx.listener().joinRequest(newcomer, m.fingerprint());
      }
    }
    waitingNewcomers.clear();
    Envelope.Charter charter = record.charter();
    if (created && record.epoch() == 1 && ctx.rules().createAnew()) {
      ctx.trust().repinRoom(ctx.room(), ctx.me(), ctx.crypto().ownIdentityKey().text()); // the user asked for a new room
    } else if (ctx.trust().roomPin(ctx.room()).isEmpty()) {
      ctx.trust().pinRoom(ctx.room(), charter.creator(), charter.creatorIdentity().text());
      if (!created) {
        ctx.listener().keyDetail("room " + ctx.room() + " is now pinned to its creator " + charter.creator() + " ("
            + RoomCrypto.fingerprint(charter.creatorIdentity()) + "): a room key under anyone else's charter will be"
            + " refused");
      }
    }
  }

  void cancel() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
