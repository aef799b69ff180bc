package chat.client.session;

import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.session.RoomSession.State;
import java.util.concurrent.ScheduledFuture;

/**
 * The session's state and every transition between states (docs/PROTOCOL.md, "The session's
 * states"): the only code that assigns it. Each transition changes the state first, then stops
 * what the old state had running, then tells the user. Confined to the session thread.
 */
final class Lifecycle {

  private final RoomContext ctx;
  private final Keying keying;
  private final Conversation conversation;
  private final Joining joining;
  private final MemberTrust trust;
  private State state = State.JOINING;
  private ScheduledFuture<?> rekeyTimer;
  private long dropped;

  Lifecycle(RoomContext ctx, Keying keying, Conversation conversation, Joining joining, MemberTrust trust) {
    this.ctx = ctx;
    this.keying = keying;
    this.conversation = conversation;
    this.joining = joining;
    this.trust = trust;
  }

  State state() {
    return state;
  }

  /** Still getting in: announced and waiting for a record that lists us, by itself or for a person. */
  boolean joining() {
    return state == State.JOINING || state == State.AWAITING_APPROVAL;
  }

  long dropped() {
    return dropped;
  }

  /** Something from the room that is not taken: counted, and its reason given to the user. */
  void drop(String reason) {
    dropped++;
    ctx.listener().dropped(reason);
  }

  /** JOINING, AWAITING_APPROVAL or KEYED to KEYED: a record that lists us, with its key, becomes the head. */
  void adopt(Envelope.Record record, String hash, RoomKey key, boolean created, String from) {
    ctx.chain().advance(record, hash);
    ctx.keys().advance(record.epoch(), key, ctx.now(), ctx.rules().epochGrace().toMillis());
    state = State.KEYED;
    keying.newHead();
    conversation.newEpoch(record.epoch());
    ctx.admission().members(record);
    trust.learn(record);
    if (rekeyTimer != null) {
      rekeyTimer.cancel(false);
    }
    long epochNow = record.epoch();
    rekeyTimer = ctx.after(ctx.rules().rekeyInterval(), () -> rekeyDue(epochNow));
    joining.keyed(record, created, keying);
    ctx.listener().keyProtection(record.charter().protection());
    ctx.listener().keyed(created, from, key.id(), record.epoch(), record.charter().policy());
  }

  /** KEYED to JOINING: we made the room a moment ago and lost the race to theirs (whose creator is named). */
  void lostRace(String theirCreator) {
    ctx.chain().reset();
    ctx.keys().reset();
    state = State.JOINING;
    cancelTimers();
    joining.gaveUpOurRoom(theirCreator);
  }

  /** JOINING to AWAITING_APPROVAL: a member says a person decides; the long wait replaces the short one. */
  void awaitApproval(ChatContent pending) {
    state = State.AWAITING_APPROVAL;
    joining.awaitApproval(pending);
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
  void unusableKey(String failReason, String dropReason) {
    if (joining()) {
      fail(failReason);
    } else {
      drop(dropReason);
    }
  }

  private void rekeyDue(long epochThen) {
    if (state == State.KEYED && ctx.keys().epoch() == epochThen) {
      keying.rekey("the epoch is " + ctx.rules().rekeyInterval().toMinutes() + " minutes old");
    }
  }

  private void cancelTimers() {
    joining.cancel();
    if (rekeyTimer != null) {
      rekeyTimer.cancel(false);
    }
    keying.cancel(state == State.KEYED);
  }
}
