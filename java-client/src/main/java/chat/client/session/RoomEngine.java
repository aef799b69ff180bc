package chat.client.session;

import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.ProtocolException;
import chat.client.session.RoomSession.State;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

/**
 * One member's session in one room as a state machine (docs/PROTOCOL.md, "The session's states"):
 * one handler per local action, per envelope type and per timer, each deciding first what the
 * current state allows (every state named), then doing the work through its parts (arrivals,
 * record intake, joining, keying, the conversation), which check before they change anything and
 * emit last. The transitions are here and nowhere else. Confined to the session thread.
 */
final class RoomEngine {

  private static final long REJOIN_INTERVAL_MILLIS = 2000;

  private final RoomContext ctx;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final Keying keying;
  private final Conversation conversation;
  private final Joining joining;
  private final Arrivals arrivals;
  private final RecordIntake intake;
  private final LocalActions actions;
  private final MemberTrust trust;
  /** Everyone listed in a record we held: asking again later, they are let back without a new request. */
  private final Set<String> everMembers = new HashSet<>();
  private State state = State.JOINING;
  private ScheduledFuture<?> rekeyTimer;
  private long dropped;
  private long lastRejoinMillis = Long.MIN_VALUE / 2;

  RoomEngine(RoomContext ctx, ReplayGuard replays) {
    this.ctx = ctx;
    RecordMaker maker = new RecordMaker(ctx.room(), ctx.me(), ctx.crypto());
    this.trust = new MemberTrust(ctx);
    this.keying = new Keying(ctx.me(), ctx.room(), ctx.crypto().ownPublicKey(), ctx.chain(), ctx.keys(), ctx.roster(),
        maker, ctx.outbound(), ctx.listener(), ctx.executor(), ctx.clock(), ctx.timing(), new KeyingHooks());
    this.conversation = new Conversation(ctx.room(), ctx.me(), ctx.crypto(), codec, ctx.outbound(), ctx.listener(),
        ctx.clock(), replays, ctx.keys(), ctx.chain(), ctx.roster(), ctx.trust(), new ConversationHooks());
    this.joining = new Joining(ctx, this, maker);
    this.arrivals = new Arrivals(ctx, this, trust, joining, keying, conversation);
    this.intake = new RecordIntake(ctx, this, trust, joining, keying);
    this.actions = new LocalActions(ctx, this, keying, conversation);
  }

  State state() {
    return state;
  }

  long dropped() {
    return dropped;
  }

  /** What the user does: say, invite, accept, kick...; each checks the state itself. */
  LocalActions actions() {
    return actions;
  }

  /** Announces our keys and starts waiting for the room key. Called once subscribed. */
  void start() {
    switch (state) {
      case JOINING -> {
        ctx.outbound().accept(ownAnnounce());
        joining.start(ctx.timing().joinWait());
      }
      case AWAITING_APPROVAL, KEYED, REMOVED, FAILED, CLOSED -> {
        // started already, or closed before it started
      }
    }
  }

  // --- incoming -------------------------------------------------------------------------------

  /**
   * The relay says a member left: only the relay's claim, but enough to make a record without it,
   * so it reads nothing new (it is let back if it comes again, unless it was removed).
   */
  void onMemberLeft(String member) {
    if (member.equals(ctx.me()) || (ctx.roster().get(member).isEmpty() && !ctx.inHead(member))) {
      return;
    }
    switch (state) {
      case JOINING, AWAITING_APPROVAL, KEYED -> {
        forgetRemoved(member);
        ctx.listener().memberLeft(member);
        if (state == State.KEYED && ctx.inHead(member)) {
          keying.leave(member);
        }
      }
      case REMOVED, FAILED, CLOSED -> {
        // out of the room: who else leaves is no news
      }
    }
  }

  /** A frame body from the room, as the relay delivered it. */
  void onFrame(byte[] body) {
    switch (state) {
      case JOINING, AWAITING_APPROVAL, KEYED -> {
        // frames count
      }
      case REMOVED, FAILED, CLOSED -> {
        return; // frames still arriving from the socket mean nothing any more
      }
    }
    Envelope envelope;
    try {
      envelope = codec.decode(body);
    } catch (ProtocolException e) {
      drop("malformed envelope: " + e.getMessage());
      return;
    }
    if (!ctx.room().equals(envelope.room())) {
      drop("envelope for another room");
    } else if (envelope instanceof Envelope.Announce a) {
      onAnnounce(a);
    } else if (envelope instanceof Envelope.Record r) {
      onRecord(r);
    } else if (envelope instanceof Envelope.KeyDelivery k) {
      onKeyDelivery(k);
    } else if (envelope instanceof Envelope.Chat c) {
      conversation.onChat(c); // (a message before we hold a key is dropped and counted there)
    } else if (envelope instanceof Envelope.Direct d) {
      conversation.onDirect(d);
    }
  }

  private void onAnnounce(Envelope.Announce a) {
    if (a.member().equals(ctx.me())) {
      arrivals.ownName(a, joining());
      return;
    }
    Arrivals.Seen seen = arrivals.learn(a);
    if (seen == Arrivals.Seen.REFUSED) {
      return;
    }
    switch (state) {
      case JOINING, AWAITING_APPROVAL -> arrivals.whileJoining(a, seen == Arrivals.Seen.FIRST_SIGHT);
      case KEYED -> arrivals.whileKeyed(a);
      case REMOVED, FAILED, CLOSED -> {
        // not reached: onFrame stops these
      }
    }
  }

  void onRecord(Envelope.Record r) {
    switch (state) {
      case JOINING, AWAITING_APPROVAL -> intake.record(r, true);
      case KEYED -> {
        if (joining.losesRaceTo(r)) {
          giveUpOurRoomFor(r);
        } else {
          intake.record(r, false);
        }
      }
      case REMOVED, FAILED, CLOSED -> {
        // nothing more from the room
      }
    }
  }

  void onKeyDelivery(Envelope.KeyDelivery k) {
    switch (state) {
      case JOINING, AWAITING_APPROVAL -> intake.delivery(k, true);
      case KEYED -> intake.delivery(k, false);
      case REMOVED, FAILED, CLOSED -> {
        // a removed member gets no key; a failed or closed session takes none
      }
    }
  }

  /** A member of an {@code approve} room says our request waits for a person, or was refused. */
  private void onAdmissionAnswer(ChatContent content) {
    switch (state) {
      case JOINING -> {
        if (ChatContent.REFUSED.equals(content.kind())) {
          fail(refusal(content));
        } else {
          state = State.AWAITING_APPROVAL;
          joining.awaitApproval(content);
        }
      }
      case AWAITING_APPROVAL -> {
        if (ChatContent.REFUSED.equals(content.kind())) {
          fail(refusal(content));
        }
      }
      case KEYED, REMOVED, FAILED, CLOSED -> {
        // in the room already, or out of it: an answer to a request means nothing now
      }
    }
  }

  private String refusal(ChatContent content) {
    return content.text().isEmpty() ? content.author() + " refused your request to join room " + ctx.room()
        : content.author() + " says: " + content.text();
  }

  // --- timers ---------------------------------------------------------------------------------

  void joinWaitOver() {
    switch (state) {
      case JOINING -> joining.waitOver();
      case AWAITING_APPROVAL, KEYED, REMOVED, FAILED, CLOSED -> {
        // waiting for a person instead, keyed, or out
      }
    }
  }

  void joinTimedOut(String reason) {
    if (state == State.JOINING) { // AWAITING_APPROVAL has its own, longer wait; the others are over
      fail(reason);
    }
  }

  void approvalTimedOut(String reason) {
    if (state == State.AWAITING_APPROVAL) {
      fail(reason);
    }
  }

  /** A record removed someone whose key has not followed: ask for it rather than keep a shared key. */
  void stillSharedWithRemoved() {
    if (state == State.KEYED && !ctx.chain().removedButInHead().isEmpty()) {
      rejoin();
    }
  }

  private void rekeyDue(long epochThen) {
    if (state == State.KEYED && ctx.keys().epoch() == epochThen) {
      keying.rekey("the epoch is " + ctx.rules().rekeyInterval().toMinutes() + " minutes old");
    }
  }

  // --- transitions ----------------------------------------------------------------------------

  /** JOINING or KEYED to KEYED: a record that lists us, with its key, becomes the head. */
  void adopt(Envelope.Record record, String hash, RoomKey key, boolean created, String from) {
    ctx.chain().advance(record, hash);
    keying.newHead();
    ctx.keys().advance(record.epoch(), key, ctx.now(), ctx.rules().epochGrace().toMillis());
    conversation.newEpoch(record.epoch());
    state = State.KEYED;
    record.members().forEach(m -> everMembers.add(m.name()));
    // trust on first use for the members we learn from the record; a changed identity is reported
    record.members().stream().filter(m -> !m.name().equals(ctx.me())).forEach(m -> trust.trusted(m.name(), m.identityKey()));
    if (rekeyTimer != null) {
      rekeyTimer.cancel(false);
    }
    long epochNow = record.epoch();
    rekeyTimer = ctx.after(ctx.rules().rekeyInterval(), () -> rekeyDue(epochNow));
    joining.keyed(record, created, keying);
    ctx.listener().keyed(created, from, key.id(), record.epoch(), record.charter().policy());
  }

  /** KEYED to JOINING: we made the room a moment ago and lost the race to theirs. */
  private void giveUpOurRoomFor(Envelope.Record r) {
    ctx.chain().reset();
    ctx.keys().reset();
    state = State.JOINING;
    cancelTimers();
    joining.gaveUpOurRoom(r.charter().creator());
    ctx.outbound().accept(ownAnnounce());
    onRecord(r);
  }

  /** To FAILED: the key exchange cannot succeed, and a client that cannot talk secretly leaves. */
  void fail(String reason) {
    state = State.FAILED;
    cancelTimers();
    ctx.listener().keyExchangeFailed(reason);
  }

  /** To REMOVED: a record we accept names us among the removed; we get nothing more, and say so. */
  void removedFromRoom(Envelope.Record r) {
    String why = joining()
        ? "you were removed from room " + ctx.room() + " by its creator " + r.charter().creator() + " and cannot come back"
        : "you were removed from the room by its creator " + r.charter().creator();
    state = State.REMOVED;
    cancelTimers();
    ctx.listener().alert(why + ": you will not receive the next room key");
    ctx.listener().removed(why);
  }

  /** To CLOSED: the user left. */
  void close() {
    state = State.CLOSED;
    cancelTimers();
  }

  /** A key for us that does not open: fatal while joining (no other key is coming), a drop once keyed. */
  void unusableKey(boolean stillJoining, String failReason, String dropReason) {
    if (stillJoining) {
      fail(failReason);
    } else {
      drop(dropReason);
    }
  }

  // --- what the parts share -------------------------------------------------------------------

  boolean joining() {
    return state == State.JOINING || state == State.AWAITING_APPROVAL;
  }

  boolean everMember(String name) {
    return everMembers.contains(name);
  }

  void drop(String reason) {
    dropped++;
    ctx.listener().dropped(reason);
  }

  /** Behind (a message in a newer epoch, or a record without us): announce again, and a member answers. */
  void rejoin() {
    long now = ctx.now();
    if (ctx.chain().removed(ctx.me()) || now - lastRejoinMillis < REJOIN_INTERVAL_MILLIS) {
      return;
    }
    lastRejoinMillis = now;
    ctx.outbound().accept(ownAnnounce());
  }

  /** A member who left or was removed: nothing of it is awaited or planned any more. */
  void forgetRemoved(String member) {
    ctx.admission().forget(member);
    keying.forget(member);
    joining.forget(member);
  }

  /** Our announce, signed, with the head we hold once keyed. */
  Envelope.Announce ownAnnounce() {
    return ctx.crypto().announce(ctx.rules().invitation(), state == State.KEYED ? ctx.chain().headHash() : null);
  }

  private void cancelTimers() {
    joining.cancel();
    if (rekeyTimer != null) {
      rekeyTimer.cancel(false);
    }
    keying.cancel(state == State.KEYED);
  }

  private final class KeyingHooks implements Keying.Session {
    @Override
    public boolean keyed() {
      return state == State.KEYED;
    }

    @Override
    public void adopt(RecordMaker.Made made) {
      RoomEngine.this.adopt(made.record(), made.hash(), made.key(), true, ctx.me());
    }

    @Override
    public void announce() {
      arrivals.announceAgain();
    }
  }

  private final class ConversationHooks implements Conversation.Session {
    @Override
    public void drop(String reason) {
      RoomEngine.this.drop(reason);
    }

    @Override
    public void behind() {
      rejoin();
    }

    @Override
    public void keyedMemberSeen() {
      joining.keyedMemberSeen();
    }

    @Override
    public void admissionAnswer(ChatContent content) {
      onAdmissionAnswer(content);
    }

    @Override
    public void counted(long count) {
      if (count >= ctx.rules().rekeyAfterMessages()) {
        keying.rekey(count + " messages in this epoch");
      }
    }
  }
}
