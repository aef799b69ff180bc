package chat.client.session;

import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.ProtocolException;
import chat.client.session.RoomSession.State;

/**
 * One member's session in one room as a state machine (docs/PROTOCOL.md, "The session's states"):
 * one handler per local action, per envelope type and per timer, each deciding first what the
 * current state allows (every state named), then doing the work through its parts (arrivals,
 * record intake, joining, keying, the conversation), which check before they change anything and
 * emit last. The transitions between states are {@link Lifecycle}'s. Confined to the session thread.
 */
final class RoomEngine {

  private final RoomContext ctx;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final Keying keying;
  private final Conversation conversation;
  private final Joining joining;
  private final Arrivals arrivals;
  private final RecordIntake intake;
  private final LocalActions actions;
  private final MemberTrust trust;
  private final Lifecycle life;

  RoomEngine(RoomContext ctx, ReplayGuard replays) {
    this.ctx = ctx;
    RecordMaker maker = new RecordMaker(ctx.room(), ctx.me(), ctx.crypto());
    this.trust = new MemberTrust(ctx);
    EngineHooks hooks = new EngineHooks(this);
    this.keying = new Keying(ctx.me(), ctx.room(), ctx.crypto().ownPublicKey(), ctx.chain(), ctx.keys(), ctx.roster(),
        maker, ctx.outbound(), ctx.listener(), ctx.executor(), ctx.clock(), ctx.timing(), hooks);
    this.conversation = new Conversation(ctx.room(), ctx.me(), ctx.crypto(), codec, ctx.outbound(), ctx.listener(),
        ctx.clock(), replays, ctx.keys(), ctx.chain(), ctx.roster(), ctx.trust(), hooks);
    this.joining = new Joining(ctx, this, maker);
    this.arrivals = new Arrivals(ctx, this, trust, joining, keying, conversation);
    this.intake = new RecordIntake(ctx, this, trust, joining, keying);
    this.actions = new LocalActions(ctx, this, keying, conversation);
    this.life = new Lifecycle(ctx, keying, conversation, joining, trust);
  }

  State state() {
    return life.state();
  }

  /** The state and every transition between states. */
  Lifecycle life() {
    return life;
  }

  /** What the user does: say, invite, accept, kick...; each checks the state itself. */
  LocalActions actions() {
    return actions;
  }

  /** Announces our keys and starts waiting for the room key. Called once subscribed. */
  void start() {
    switch (life.state()) {
      case JOINING -> {
        arrivals.announce();
        joining.start(ctx.timing().joinWait());
      }
      case AWAITING_APPROVAL, KEYED, REMOVED, FAILED, CLOSED -> {
        // started already, or closed before it started
      }
    }
  }

  /** Back after a cut: whoever moved on meanwhile sees our head and answers; a newcomer asks again. */
  void onReconnected() {
    switch (life.state()) {
      case JOINING, AWAITING_APPROVAL, KEYED -> arrivals.announce();
      case REMOVED, FAILED, CLOSED -> {
        // nothing to come back to
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
    switch (life.state()) {
      case JOINING, AWAITING_APPROVAL, KEYED -> {
        forgetRemoved(member);
        ctx.listener().memberLeft(member);
        if (life.state() == State.KEYED && ctx.inHead(member)) {
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
    switch (life.state()) {
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
      life.drop("malformed envelope: " + e.getMessage());
      return;
    }
    if (!ctx.room().equals(envelope.room())) {
      life.drop("envelope for another room");
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
      arrivals.ownName(a, life.joining());
      return;
    }
    Arrivals.Seen seen = arrivals.learn(a);
    if (seen == Arrivals.Seen.REFUSED) {
      return;
    }
    switch (life.state()) {
      case JOINING, AWAITING_APPROVAL -> arrivals.whileJoining(a, seen == Arrivals.Seen.FIRST_SIGHT);
      case KEYED -> arrivals.whileKeyed(a);
      case REMOVED, FAILED, CLOSED -> {
        // not reached: onFrame stops these
      }
    }
  }

  void onRecord(Envelope.Record r) {
    switch (life.state()) {
      case JOINING, AWAITING_APPROVAL -> intake.record(r, true);
      case KEYED -> {
        if (joining.losesRaceTo(r)) {
          life.lostRace(r.charter().creator());
          arrivals.announce();
          onRecord(r); // as a newcomer of their room
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
    switch (life.state()) {
      case JOINING, AWAITING_APPROVAL -> intake.delivery(k, true);
      case KEYED -> intake.delivery(k, false);
      case REMOVED, FAILED, CLOSED -> {
        // a removed member gets no key; a failed or closed session takes none
      }
    }
  }

  /** A member of an {@code approve} room says our request waits for a person, or was refused. */
  void onAdmissionAnswer(ChatContent content) {
    switch (life.state()) {
      case JOINING -> {
        if (ChatContent.REFUSED.equals(content.kind())) {
          life.fail(refusal(content));
        } else {
          life.awaitApproval(content);
        }
      }
      case AWAITING_APPROVAL -> {
        if (ChatContent.REFUSED.equals(content.kind())) {
          life.fail(refusal(content));
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
    switch (life.state()) {
      case JOINING -> joining.waitOver();
      case AWAITING_APPROVAL, KEYED, REMOVED, FAILED, CLOSED -> {
        // waiting for a person instead, keyed, or out
      }
    }
  }

  /** A wait begun in {@code waitingIn} is over: it fails if nothing moved us on since. */
  void timedOut(State waitingIn, String reason) {
    if (life.state() == waitingIn) { // (JOINING's wait ends when a person's answer makes it AWAITING_APPROVAL)
      life.fail(reason);
    }
  }

  /** A record removed someone whose key has not followed: ask for it rather than keep a shared key. */
  void stillSharedWithRemoved() {
    if (life.state() == State.KEYED && !ctx.chain().removedButInHead().isEmpty()) {
      rejoin();
    }
  }

  // --- what the parts share -------------------------------------------------------------------

  RoomContext context() {
    return ctx;
  }

  Keying keying() {
    return keying;
  }

  Joining joiningPart() {
    return joining;
  }

  Arrivals arrivals() {
    return arrivals;
  }

  /** Behind (a message in a newer epoch, or a record without us): announce again, and a member answers. */
  void rejoin() {
    arrivals.rejoin();
  }

  /** A member who left or was removed: nothing of it is awaited or planned any more. */
  void forgetRemoved(String member) {
    ctx.admission().forget(member);
    keying.forget(member);
    joining.forget(member);
  }

}
