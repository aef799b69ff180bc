package chat.client.session;

import chat.client.protocol.Envelope;
import chat.client.protocol.MemberPublicKey;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The records this member writes and the keys it gives: joins gathered in batches, leaves, removals
 * and rekeys made into the next record ({@link CommitPlan}, {@link RecordMaker}), who of the members
 * writes it (the first in the record's order, the next standing by while it is alive), the same key
 * again for a member of the record that missed it, and a losing fork answered with ours. Confined to
 * the session thread.
 */
final class Keying {

  /** Joins seen this close together go into one record: a burst of joins makes one epoch, not one per joiner. */
  static final long BATCH_MILLIS = 50;
  static final long STORM_BATCH_MILLIS = 150;
  private static final int STORM_JOINS_PER_SECOND = 3;
  /** A member that wrote a record this recently is alive: the next in line does not write in its place. */
  private static final long ALIVE_MILLIS = 3000;
  /** How long after a record its key is taken to be still on its way to a member that asks for it. */
  private static final long ANSWER_SETTLE_MILLIS = 1000;

  /** What keying asks of the session around it. */
  interface Session {
    boolean keyed();

    /** Takes a record we made, with its key, as the head. */
    void adopt(RecordMaker.Made made);

    /** Says we are here and which record we hold (rate-limited by the session). */
    void announce();
  }

  private final String me;
  private final String room;
  private final MemberPublicKey ownPublicKey;
  private final MembershipChain chain;
  private final EpochKeys keys;
  private final Roster roster;
  private final RecordMaker maker;
  private final Consumer<Envelope> outbound;
  private final RoomListener listener;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final RoomSession.Timing timing;
  private final Session session;

  private final CommitPlan plan = new CommitPlan();
  private final Map<String, ScheduledFuture<?>> plannedAnswers = new HashMap<>();
  /** When each member last wrote a record we took (it is alive). */
  private final Map<String, Long> lastRecordBy = new HashMap<>();
  /** The head a member last said it holds: an answer planned before it said so is not needed. */
  private final Map<String, String> announcedHead = new HashMap<>();
  /** Losing records we already answered with ours. */
  private final Set<String> healedForks = new HashSet<>();
  /** When newcomers announced in the last second: a storm is several a second. */
  private final ArrayDeque<Long> recentJoins = new ArrayDeque<>();
  private ScheduledFuture<?> plannedCommit;
  private boolean batchRanked;
  private long headAtMillis;

  Keying(String me, String room, MemberPublicKey ownPublicKey, MembershipChain chain, EpochKeys keys, Roster roster,
      RecordMaker maker, Consumer<Envelope> outbound, RoomListener listener, ScheduledExecutorService executor,
      Clock clock, RoomSession.Timing timing, Session session) {
    this.me = me;
    this.room = room;
    this.ownPublicKey = ownPublicKey;
    this.chain = chain;
    this.keys = keys;
    this.roster = roster;
    this.maker = maker;
    this.outbound = outbound;
    this.listener = listener;
    this.executor = executor;
    this.clock = clock;
    this.timing = timing;
    this.session = session;
  }

  // --- what the session tells keying ----------------------------------------------------------

  /** A newcomer (or a member with a new RSA key or identity) to let in; {@code ranked}: whoever is first. */
  void join(String member, boolean ranked) {
    if (plan.joins.add(member) && ranked) {
      recentJoins.add(clock.millis());
    }
    planCommit(ranked);
  }

  /** The relay says a member of the record left. */
  void leave(String member) {
    plan.leaves.add(member);
    planCommit(true);
  }

  /** The creator removes a member: at once. */
  void remove(String member) {
    plan.removals.add(member);
    plan.joins.remove(member);
    commitNow();
  }

  /** A new epoch is due (messages or time): whoever is first makes it. */
  void rekey(String reason) {
    if (plan.rekeyReason == null) {
      plan.rekeyReason = reason;
      planCommit(true);
    }
  }

  /** The member left or was removed: nothing of it is planned any more. */
  void forget(String member) {
    cancelAnswer(member);
    plan.joins.remove(member);
  }

  void announced(String member, String head) {
    announcedHead.put(member, head);
  }

  void recordSeen(String author) {
    lastRecordBy.put(author, clock.millis());
  }

  /** Someone gave {@code member} the key of our head again. */
  void answered(String member) {
    cancelAnswer(member);
  }

  /** A new head: a new epoch is what a planned rekey wanted. */
  void newHead() {
    headAtMillis = clock.millis();
    plan.rekeyReason = null;
  }

  void cancel(boolean keepAnswers) {
    if (plannedCommit != null) {
      plannedCommit.cancel(false);
      plannedCommit = null;
    }
    if (!keepAnswers) {
      plannedAnswers.values().forEach(f -> f.cancel(false));
      plannedAnswers.clear();
    }
  }

  // --- answers --------------------------------------------------------------------------------

  /**
   * A member of the record we hold asks again for its key. Exactly one member should answer: each
   * waits its place in the record's member list (the oldest first) times answerStep; the first
   * answer seen cancels the others, and if the first is gone, the next one answers a step later.
   */
  void answer(String member) {
    if (plannedAnswers.containsKey(member)) {
      return;
    }
    // A member asking within a moment of the record may just not have it yet: its key is on the way.
    long settle = Math.max(0, headAtMillis + ANSWER_SETTLE_MILLIS - clock.millis());
    long delay = Math.max(settle, rank(List.of(member)) * timing.answerStep().toMillis());
    String asked = chain.headHash();
    plannedAnswers.put(member, executor.schedule(() -> {
      plannedAnswers.remove(member);
      Envelope.Record head = chain.head();
      if (session.keyed() && asked.equals(chain.headHash()) && !asked.equals(announcedHead.get(member))) {
        head.member(member).ifPresent(m -> {
          outbound.accept(head);
          maker.again(head, asked, keys.current(), List.of(m), publicKeys()).forEach(outbound);
        });
      }
    }, delay, TimeUnit.MILLISECONDS));
  }

  /**
   * A record for our epoch that loses to ours by the rule every member applies: its author and the
   * members it keyed are on a branch that will die. Once per such record, we send them ours, so the
   * fork is healed, never left standing (its newcomers, not in ours, see the new epoch and ask again).
   */
  void healFork(Envelope.Record losing, String hash) {
    if (!session.keyed() || !healedForks.add(hash)) {
      return;
    }
    Envelope.Record head = chain.head();
    List<Envelope.RecordMember> onTheirBranch = head.members().stream()
        .filter(m -> !m.name().equals(me) && losing.member(m.name()).isPresent()).toList();
    if (!onTheirBranch.isEmpty()) {
      outbound.accept(head);
      maker.again(head, chain.headHash(), keys.current(), onTheirBranch, publicKeys()).forEach(outbound);
    }
  }

  // --- records --------------------------------------------------------------------------------

  /**
   * A change to make a record for. Ranked changes are made by the first member in the record's
   * order, the others standing by a step each; the rest (our own invitation, our /accept) by us. The
   * record waits a short batch window after the first change, so a join into a quiet room is let in
   * at once; while joins pour in (a join storm: several a second) the longer one, so the storm makes a
   * record every so often, not one per joiner.
   */
  private void planCommit(boolean ranked) {
    if (!session.keyed()) {
      return;
    }
    if (plannedCommit != null) {
      batchRanked &= ranked;
      return;
    }
    batchRanked = ranked;
    if ((!ranked || rank(plan.subjects()) == 0) && !plan.joins.isEmpty()) {
      // Newcomers waiting for the batch hear that a keyed member is here (our announce names our
      // record), so they neither race to create the room nor keep announcing themselves.
      session.announce();
    }
    long now = clock.millis();
    recentJoins.removeIf(at -> now - at > 1000);
    long wait = recentJoins.size() >= STORM_JOINS_PER_SECOND ? STORM_BATCH_MILLIS : BATCH_MILLIS;
    long delay = wait + (batchRanked ? rank(plan.subjects()) * timing.answerStep().toMillis() : 0);
    plannedCommit = executor.schedule(this::commitWhenOurTurn, delay, TimeUnit.MILLISECONDS);
  }

  /**
   * A ranked change falls to us only if every member before us in the record's order is silent: one
   * that wrote a record a moment ago is alive and only slow (a loaded machine, a join storm), and a
   * second author would only make a fork to heal. Then we stand by another step.
   */
  private void commitWhenOurTurn() {
    plannedCommit = null;
    if (!session.keyed()) {
      return;
    }
    if (batchRanked) {
      long now = clock.millis();
      List<String> before = chain.head().members().stream().map(Envelope.RecordMember::name)
          .filter(name -> !plan.subjects().contains(name)).takeWhile(name -> !name.equals(me)).toList();
      if (before.stream().anyMatch(name -> now - lastRecordBy.getOrDefault(name, Long.MIN_VALUE / 2) < ALIVE_MILLIS)) {
        plannedCommit = executor.schedule(this::commitWhenOurTurn, timing.answerStep().toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
    }
    commitNow();
  }

  /** Makes the next record from what is planned and still needed, and sends it with its key. */
  private void commitNow() {
    if (!session.keyed()) {
      return;
    }
    Envelope.Record head = chain.head();
    Map<String, MemberPublicKey> publicKeys = publicKeys();
    CommitPlan.Next next = plan.next(head, roster, chain, publicKeys, me);
    if (next == null) {
      return;
    }
    if (next.members().size() > Envelope.MAX_MEMBERS) {
      listener.alert("room " + room + " is full (" + Envelope.MAX_MEMBERS + " members): " + next.joined()
          + " not let in");
      return;
    }
    // Only a record that lets members in and drops nobody may carry its key under the current one.
    boolean onlyJoins = "join".equals(next.change()) && head.members().size() > 1 && head.members().stream()
        .allMatch(m -> next.members().stream().anyMatch(n -> n.name().equals(m.name())));
    RecordMaker.Made made = maker.make(head.epoch() + 1, chain.headHash(), head.charter(), next.members(),
        next.removed(), next.change(), next.subjects(), publicKeys, next.joined(), onlyJoins ? keys.current() : null);
    outbound.accept(made.record());
    if (next.rekeyReason() != null) {
      listener.keyDetail("rekeying (" + next.rekeyReason() + ")");
    }
    session.adopt(made);
    made.deliveries().forEach(outbound);
  }

  /** The RSA keys we hold of members whose identity we trust. */
  private Map<String, MemberPublicKey> publicKeys() {
    Map<String, MemberPublicKey> out = new HashMap<>();
    roster.all().stream().filter(m -> m.publicKey() != null && !m.blocked()).forEach(m -> out.put(m.name(), m.publicKey()));
    out.put(me, ownPublicKey);
    return out;
  }

  /** Our place among the record's members, the {@code subjects} left out: 0 for the oldest. */
  private int rank(List<String> subjects) {
    Envelope.Record head = chain.head();
    List<String> order = head.members().stream().map(Envelope.RecordMember::name)
        .filter(name -> !subjects.contains(name) || name.equals(me)).toList();
    int place = order.indexOf(me);
    return place < 0 ? order.size() : place;
  }

  private void cancelAnswer(String member) {
    ScheduledFuture<?> planned = plannedAnswers.remove(member);
    if (planned != null) {
      planned.cancel(false);
    }
  }
}
