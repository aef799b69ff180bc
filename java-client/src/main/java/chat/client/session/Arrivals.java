package chat.client.session;

import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;

/**
 * Announces: a member saying who it is (its RSA and identity keys, signed) and which record it
 * holds. Checked first (signature, key, trust in the identity); then a keyed member applies the
 * room's admission policy, and a joining one learns who else is here. An announce under our own
 * name is never merged: one of the two clients leaves.
 */
final class Arrivals {

  private static final long REANNOUNCE_INTERVAL_MILLIS = 250;
  private static final long REJOIN_INTERVAL_MILLIS = 2000;

  /** What the first checks made of an announce. */
  enum Seen { REFUSED, FIRST_SIGHT, KNOWN }

  private final RoomContext ctx;
  private final RoomEngine engine;
  private final MemberTrust trust;
  private final Joining joining;
  private final Keying keying;
  private final Conversation conversation;
  private long lastAnnounceMillis = Long.MIN_VALUE / 2;
  private long lastRejoinMillis = Long.MIN_VALUE / 2;

  Arrivals(RoomContext ctx, RoomEngine engine, MemberTrust trust, Joining joining, Keying keying,
      Conversation conversation) {
    this.ctx = ctx;
    this.engine = engine;
    this.trust = trust;
    this.joining = joining;
    this.keying = keying;
    this.conversation = conversation;
  }

  /**
   * The checks every announce from another member passes, and what it teaches whatever our state:
   * its keys, and that it is here. REFUSED if it goes no further (dropped, blocked, or removed).
   */
  Seen learn(Envelope.Announce a) {
    if (!RoomCrypto.signedByItsMember(a)) {
      engine.life().drop("announce with a bad signature from " + a.member());
      return Seen.REFUSED;
    }
    if (!RoomCrypto.usable(a.publicKey())) {
      engine.life().drop("announced public key is invalid");
      return Seen.REFUSED;
    }
    if (!trust.trusted(a.member(), a.identityKey())) {
      return Seen.REFUSED;
    }
    boolean firstSight = ctx.roster().get(a.member()).map(m -> m.publicKey() == null).orElse(true);
    ctx.roster().keys(a.member(), a.publicKey(), a.identityKey());
    if (firstSight && !ctx.inHead(a.member())) {
      ctx.listener().memberJoined(a.member(), RoomCrypto.fingerprint(a.identityKey()));
    }
    if (ctx.chain().removed(a.member())) {
      ctx.listener().alert(a.member() + " was removed from this room and asks to come back: ignored");
      return Seen.REFUSED;
    }
    return firstSight ? Seen.FIRST_SIGHT : Seen.KNOWN;
  }

  /** While we join: a member holding a record will let us in; another newcomer may race us for the room. */
  void whileJoining(Envelope.Announce a, boolean firstSight) {
    if (a.head() != null) {
      joining.keyedMemberSeen(); // no need to race for the room
      return;
    }
    joining.newcomer(a.member());
    if (firstSight && !joining.keyedMemberKnown()) {
      // A newcomer that subscribed after our announce never saw it; say it again so that two
      // newcomers racing in an empty room know of each other (at most every 250 ms). Once a keyed
      // member is seen, it answers newcomers and the race is moot: in a join storm these announces
      // to everyone were most of the traffic.
      announceAgain();
    }
  }

  /** The admission policy, applied by a keyed member to an announce. */
  void whileKeyed(Envelope.Announce a) {
    keying.announced(a.member(), a.head());
    if (ctx.chain().headHash().equals(a.head())) {
      return; // it holds the record we hold, and so its key
    }
    Envelope.RecordMember listed = ctx.chain().head().member(a.member()).orElse(null);
    if (listed != null && listed.identityKey().equals(a.identityKey())
        && listed.keyFingerprint().equals(RoomCrypto.fingerprint(a.publicKey()))) {
      keying.answer(a.member()); // a member of the record we hold, asking again: the same key, once more
      return;
    }
    boolean admittedBefore = listed != null || ctx.admission().admittedBefore(a.member());
    Admission.Verdict verdict = ctx.admission().decide(a, admittedBefore, ctx.policy());
    ctx.admission().apply(a, verdict);
    String who = a.member() + " (" + RoomCrypto.fingerprint(a.identityKey()) + ")";
    switch (verdict.decision()) {
      case ANSWER_RANKED, ANSWER_NOW -> {
        if ("hybrid".equals(ctx.chain().head().charter().protection()) && !RoomCrypto.hybrid(a.publicKey())) {
          refuseWithoutPostQuantumKey(a); // never a silent downgrade
        } else {
          // ranked: an open room, or a member back with a new client
          keying.join(a.member(), verdict.decision() == Admission.Decision.ANSWER_RANKED);
        }
      }
      case ASK_A_PERSON -> {
        ctx.listener().joinRequest(a.member(), RoomCrypto.fingerprint(a.identityKey()));
        // Show the newcomer someone is here, so it waits for approval instead of deciding it is
        // alone and making a room of its own, and tell it so, end to end and signed.
        announce();
        tryDirect(a.member(), ChatContent.PENDING, "");
      }
      case TURN_AWAY -> {
        alertUninvited(who);
        // Tell the newcomer, end to end and signed, so it does not decide it is alone and open a
        // room of its own under this name; once per name, so a relay cannot make us repeat it.
        announce();
        tryDirect(a.member(), ChatContent.REFUSED, "room " + ctx.room() + " is invite-only: ask a member for an"
            + " invitation (/invite) and join with --invite");
      }
      case ALREADY_TURNED_AWAY -> alertUninvited(who);
      case FORGED_PROOF -> ctx.listener().alert(a.member() + " presented invitation " + a.invitationId()
          + " without its secret: no key given");
      case ALREADY_USED -> ctx.listener().alert(a.member() + " presented invitation " + a.invitationId() + ", which "
          + verdict.usedBy() + " already used: an invitation admits one person, no key given (make a new one with"
          + " /invite)");
      case ALREADY_ASKED, NOT_OURS -> {
        // waiting for a person, or for another member's invitation: only its inviter admits
      }
    }
  }

  /**
   * An announce under our own name from other keys: another client of ours (same identity, another
   * RSA key), or someone claiming our name. Never merged silently: a client still joining leaves,
   * one already in the room says so and announces itself so the other one learns it too.
   */
  void ownName(Envelope.Announce a, boolean stillJoining) {
    if (a.publicKey().equals(ctx.crypto().ownPublicKey()) || !RoomCrypto.signedByItsMember(a)) {
      return; // our own announce, or a forgery: nothing to do
    }
    if (!a.identityKey().equals(ctx.crypto().ownIdentityKey())) {
      ctx.listener().alert("someone announced itself as " + ctx.me() + " with another identity key ("
          + RoomCrypto.fingerprint(a.identityKey()) + "): the members who know you will refuse it");
      return;
    }
    // The newer of the two leaves: one still joining, or keyed so recently that it may have been
    // answered before the established one had a chance to say it is here.
    if (stillJoining || ctx.now() - conversation.joinedAtMillis() < ctx.timing().keyTimeout().toMillis()) {
      engine.life().fail("you are already in room " + ctx.room() + " from another client with the same identity; close that"
          + " one first, or use another --user");
      return;
    }
    ctx.listener().alert("another client with your identity tried to join room " + ctx.room()
        + ": it was told you are here");
    announceAgain();
  }

  /** Our announce, signed, with the head we hold once keyed. */
  void announce() {
    String head = engine.state() == RoomSession.State.KEYED ? ctx.chain().headHash() : null;
    ctx.outbound().accept(ctx.crypto().announce(ctx.rules().invitation(), head));
  }

  /** Our announce again, at most every 250 ms whoever asks for it. */
  void announceAgain() {
    long now = ctx.now();
    if (now - lastAnnounceMillis >= REANNOUNCE_INTERVAL_MILLIS) {
      lastAnnounceMillis = now;
      announce();
    }
  }

  /** Behind (a message in a newer epoch, or a record without us): announce again, at most every 2 s. */
  void rejoin() {
    long now = ctx.now();
    if (ctx.chain().removed(ctx.me()) || now - lastRejoinMillis < REJOIN_INTERVAL_MILLIS) {
      return;
    }
    lastRejoinMillis = now;
    announce();
  }

  /**
   * A room whose charter requires hybrid key protection lets in no one without an ML-KEM key: not
   * silently downgraded. Told here and to the newcomer, end to end and signed (once per name:
   * {@link Admission} keeps who was turned away).
   */
  private void refuseWithoutPostQuantumKey(Envelope.Announce a) {
    if (!ctx.admission().turnAway(a.member())) {
      return;
    }
    ctx.listener().alert(a.member() + " (" + RoomCrypto.fingerprint(a.identityKey()) + ") announced no post-quantum"
        + " key, and room " + ctx.room() + " requires hybrid key protection: not let in");
    announce();
    tryDirect(a.member(), ChatContent.REFUSED, "room " + ctx.room() + " requires hybrid (RSA-OAEP + ML-KEM-768) key"
        + " protection, and your client announced RSA alone: run it without --key-protection rsa");
  }

  private void alertUninvited(String who) {
    ctx.listener().alert(who + " tried to join this invite-only room without an invitation: no key given (a relay"
        + " injecting its own key looks like this)");
  }

  /** A direct word to a newcomer, if we hold a trusted key for it (a changed identity gets none until /trust). */
  private void tryDirect(String to, String kind, String text) {
    try {
      conversation.direct(to, kind, text);
    } catch (IllegalStateException noTrustedKey) {
      // nothing to wrap for
    }
  }
}
