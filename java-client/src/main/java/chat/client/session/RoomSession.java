package chat.client.session;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.IdentityKeys;
import chat.client.crypto.Invitation;
import chat.client.crypto.MemberKeys;
import chat.client.crypto.Purpose;
import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.ProtocolException;
import chat.client.trust.TrustStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One member's view of one room (protocol version 3, docs/PROTOCOL.md): joining under the room's
 * admission policy, getting or creating the room key, answering newcomers, rekeying into a new
 * epoch when members leave, and sealing, signing, opening and checking messages. It has no socket:
 * frames come in through {@link #receive}, envelopes go out through {@code outbound}. Every event
 * runs on the single-threaded {@code executor}, so the state needs no locks.
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
  public record Rules(Policy policy, Invitation invitation, int rekeyAfterMessages, Duration rekeyInterval,
      Duration epochGrace, boolean createAnew) {
    public static final Rules DEFAULT = new Rules(Policy.OPEN, null, 500, Duration.ofMinutes(30), Duration.ofSeconds(30));

    public Rules(Policy policy, Invitation invitation, int rekeyAfterMessages, Duration rekeyInterval,
        Duration epochGrace) {
      this(policy, invitation, rekeyAfterMessages, rekeyInterval, epochGrace, false);
    }

    public Rules creatingAnew() {
      return new Rules(policy, invitation, rekeyAfterMessages, rekeyInterval, epochGrace, true);
    }
  }

  /** The keys this member holds: RSA for receiving room keys, Ed25519 for signing. */
  public record Credentials(MemberKeys rsa, IdentityKeys identity) {}

  private static final long REANNOUNCE_INTERVAL_MILLIS = 250;
  private static final long REJOIN_INTERVAL_MILLIS = 2000;
  /** Records and early key deliveries kept while waiting for their other half. */
  private static final int PENDING_LIMIT = 16;

  private final String room;
  private final String me;
  private final ChatCrypto crypto;
  private final Credentials own;
  private final String ownPublicKey;
  private final String ownIdentityKey;
  private final String ownKeyFingerprint;
  private final TrustStore trust;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final Consumer<Envelope> outbound;
  private final RoomListener listener;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final Timing timing;
  private final Rules rules;
  private final RecordMaker maker;

  private final Roster roster = new Roster();
  private final EpochKeys keys = new EpochKeys();
  private final MembershipChain chain = new MembershipChain();
  private final Conversation conversation;
  private final Set<String> waitingNewcomers = new LinkedHashSet<>();
  private final Admission admission = new Admission();
  private final Keying keying;
  /** Records that list us, waiting for their key; key deliveries that came before their record. */
  private final Map<String, Envelope.Record> candidates = bounded();
  private final Map<String, Envelope.KeyDelivery> earlyDeliveries = bounded();
  /** Everyone listed in a record we held: asking again later, they are let back without a new request. */
  private final Set<String> everMembers = new HashSet<>();

  private State state = State.JOINING;
  private boolean keyedMemberSeen;
  /** Why a record or key for us was refused while joining: then we never make a room of our own. */
  private String refusedDelivery;
  /** We made this room a moment ago, unpinned before: the room we give up if we lose a join race. */
  private long createdAtMillis = -1;
  private boolean pinnedByCreating;
  private ScheduledFuture<?> joinTimer;
  private ScheduledFuture<?> rekeyTimer;
  private long dropped;
  private long lastReannounceMillis = Long.MIN_VALUE / 2;
  private long lastRejoinMillis = Long.MIN_VALUE / 2;

  public RoomSession(String room, String me, ChatCrypto crypto, Credentials own, TrustStore trust,
      Consumer<Envelope> outbound, RoomListener listener, ScheduledExecutorService executor, Clock clock,
      Timing timing, Rules rules) {
    this(room, me, crypto, own, trust, outbound, listener, executor, clock, timing, rules, ReplayGuard.inMemory());
  }

  /** @param replays what this member accepted before, possibly in an earlier run of the client */
  public RoomSession(String room, String me, ChatCrypto crypto, Credentials own, TrustStore trust,
      Consumer<Envelope> outbound, RoomListener listener, ScheduledExecutorService executor, Clock clock,
      Timing timing, Rules rules, ReplayGuard replays) {
    this.room = room;
    this.me = me;
    this.crypto = crypto;
    this.own = own;
    this.ownPublicKey = Base64.getEncoder().encodeToString(own.rsa().publicKeyDer());
    this.ownIdentityKey = Base64.getEncoder().encodeToString(own.identity().publicKeyDer());
    this.ownKeyFingerprint = MemberKeys.fingerprint(own.rsa().publicKeyDer());
    this.trust = trust;
    this.outbound = outbound;
    this.listener = listener;
    this.executor = executor;
    this.clock = clock;
    this.timing = timing;
    this.rules = rules;
    this.maker = new RecordMaker(room, me, crypto, own);
    this.keying = new Keying(me, room, ownPublicKey, chain, keys, roster, maker, outbound, listener, executor, clock,
        timing, new KeyingHooks());
    this.conversation = new Conversation(room, me, ownIdentityKey, crypto, own, codec, outbound, listener, clock, replays,
        keys, chain, roster, trust, new ConversationHooks());
  }

  // --- local actions ------------------------------------------------------------------------

  /** Announces our keys and starts waiting for the room key. Call once subscribed. */
  public void start() {
    executor.execute(() -> {
      outbound.accept(ownAnnounce());
      joinTimer = executor.schedule(this::joinWaitOver, timing.joinWait().toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  /**
   * The relay says a member left: only the relay's claim, but enough to make a record without it,
   * so it reads nothing new (it is let back if it comes again, unless it was removed).
   */
  public void memberLeft(String member) {
    post(() -> {
      if (member.equals(me) || (roster.get(member).isEmpty() && !inHead(member))) {
        return;
      }
      waitingNewcomers.remove(member);
      admission.forget(member);
      keying.forget(member);
      listener.memberLeft(member);
      if (state == State.KEYED && inHead(member)) {
        keying.leave(member);
      }
    });
  }

  /** Seals, signs and sends a message; completes with its id, or empty if the room key is not held. */
  public CompletableFuture<Optional<String>> say(String text) {
    return call(() -> {
      if (state != State.KEYED) {
        return Optional.empty();
      }
      List<String> sharedWith = chain.removedButInHead();
      if (!sharedWith.isEmpty()) {
        // The creator removed them in a record whose key has not reached us: our key is still theirs.
        listener.alert("not sent: the room key you hold is still shared with " + String.join(", ", sharedWith)
            + ", removed from the room; waiting for the new key");
        rejoin();
        return Optional.empty();
      }
      return Optional.of(conversation.say(ChatContent.TEXT, null, text));
    });
  }

  /** Sends a message only {@code to} can read; completes with its id, or a reason it was not sent. */
  public CompletableFuture<String> direct(String to, String text) {
    return call(() -> conversation.direct(to, ChatContent.TEXT, text));
  }

  /** A direct word to a newcomer, if we hold a trusted key for it (a changed identity gets none until /trust). */
  private void tryDirect(String to, String kind, String text) {
    try {
      conversation.direct(to, kind, text);
    } catch (IllegalStateException noTrustedKey) {
      // nothing to wrap for
    }
  }

  /** An invitation code for an {@code invite} room; only this member can admit with it. */
  public CompletableFuture<String> invite() {
    return call(() -> {
      if (state != State.KEYED) {
        throw new IllegalStateException("not in the room yet");
      }
      Invitation invitation = crypto.newInvitation(room, own.identity().fingerprint());
      admission.issued(invitation);
      return invitation.code();
    });
  }

  /** In an {@code approve} room: turns a newcomer away, telling it so. */
  public CompletableFuture<Boolean> refuse(String member) {
    return call(() -> {
      if (!admission.takeRequest(member) || state != State.KEYED) {
        return false;
      }
      conversation.direct(member, ChatContent.REFUSED, "");
      return true;
    });
  }

  /** Admits a member who asked to join an {@code approve} room. */
  public CompletableFuture<Boolean> accept(String member) {
    return call(() -> {
      if (!admission.takeRequest(member) || state != State.KEYED) {
        return false;
      }
      keying.join(member, false);
      return true;
    });
  }

  /** The room's creator removes a member: a signed record without it, in a new epoch, at once. */
  public CompletableFuture<Boolean> kick(String member) {
    return call(() -> {
      Envelope.Record head = chain.head();
      if (state != State.KEYED || head == null || !me.equals(head.charter().creator()) || member.equals(me)
          || chain.removed(member)) {
        return false;
      }
      keying.remove(member);
      return true;
    });
  }

  /** The user accepted a member's new identity key: remember it and let the member in again. */
  public CompletableFuture<Boolean> trustNewIdentity(String member) {
    return call(() -> {
      Roster.Member m = roster.get(member).orElse(null);
      if (m == null || m.changedIdentity() == null) {
        return false;
      }
      trust.accept(member, m.changedIdentity());
      roster.acceptChangedIdentity(member);
      if (state == State.KEYED && !chain.removed(member) && m.publicKey() != null) {
        keying.join(member, true); // its entry in the record gets the new identity
      }
      return true;
    });
  }

  public CompletableFuture<State> state() {
    return call(() -> state);
  }

  /**
   * The other members: those of the signed record we hold, then anyone who announced and is not in
   * it yet (not keyed).
   */
  public CompletableFuture<List<Roster.Member>> members() {
    return call(() -> {
      List<Roster.Member> out = new ArrayList<>();
      Envelope.Record head = chain.head();
      Set<String> listed = new HashSet<>();
      if (head != null) {
        for (Envelope.RecordMember m : head.members()) {
          listed.add(m.name());
          if (!m.name().equals(me)) {
            Roster.Member known = roster.get(m.name()).orElse(null);
            out.add(new Roster.Member(m.name(), known == null ? null : known.publicKey(), m.identityKey(), head.epoch(),
                known == null ? null : known.changedIdentity()));
          }
        }
      }
      roster.all().stream().filter(m -> !m.name().equals(me) && !listed.contains(m.name()) && !chain.removed(m.name()))
          .forEach(m -> out.add(new Roster.Member(m.name(), m.publicKey(), m.identityKey(), Roster.NO_EPOCH,
              m.changedIdentity())));
      return out;
    });
  }

  public CompletableFuture<Long> droppedCount() {
    return call(() -> dropped);
  }

  public CompletableFuture<Long> epoch() {
    return call(keys::epoch);
  }

  /** The current room key, if held: for the owner's own audits (the relay-blindness tests), never for the wire. */
  public CompletableFuture<Optional<RoomKey>> roomKey() {
    return call(() -> Optional.ofNullable(keys.current()));
  }

  public void close() {
    executor.execute(() -> {
      state = State.CLOSED;
      cancelTimers();
    });
  }

  // --- incoming -----------------------------------------------------------------------------

  /** A frame body from the room, as the relay delivered it. */
  public void receive(byte[] body) {
    post(() -> handle(body));
  }

  /** Runs on the session thread; after close, frames still arriving from the socket are ignored. */
  private void post(Runnable task) {
    try {
      executor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // the session is closed
    }
  }

  private void handle(byte[] body) {
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
    if (!room.equals(envelope.room())) {
      drop("envelope for another room");
      return;
    }
    if (envelope instanceof Envelope.Announce a) {
      onAnnounce(a);
    } else if (envelope instanceof Envelope.Record r) {
      onRecord(r);
    } else if (envelope instanceof Envelope.KeyDelivery k) {
      onKeyDelivery(k);
    } else if (envelope instanceof Envelope.Chat c) {
      conversation.onChat(c);
    } else if (envelope instanceof Envelope.Direct d) {
      conversation.onDirect(d);
    }
  }

  private void onAnnounce(Envelope.Announce a) {
    if (a.member().equals(me)) {
      onOwnName(a);
      return;
    }
    if (!ChatCrypto.verify(a.identityKey(), a.signature(), Purpose.ANNOUNCE, a.signedParts())) {
      drop("announce with a bad signature from " + a.member());
      return;
    }
    try {
      MemberKeys.parsePublicKey(Base64.getDecoder().decode(a.publicKey()));
    } catch (CryptoException | IllegalArgumentException e) {
      drop("announced public key is invalid");
      return;
    }
    if (!trusted(a.member(), a.identityKey())) {
      return;
    }
    boolean firstSight = roster.get(a.member()).map(m -> m.publicKey() == null).orElse(true);
    roster.keys(a.member(), a.publicKey(), a.identityKey());
    if (firstSight && !inHead(a.member())) {
      listener.memberJoined(a.member(), fingerprintOf(a.identityKey()));
    }
    if (chain.removed(a.member())) {
      listener.alert(a.member() + " was removed from this room and asks to come back: ignored");
      return;
    }
    if (state == State.KEYED) {
      admit(a);
      return;
    }
    if (a.head() != null) {
      keyedMemberSeen = true; // it holds a record: it will let us in, no need to race for the room
      return;
    }
    waitingNewcomers.add(a.member());
    long now = clock.millis();
    if (firstSight && !keyedMemberSeen && now - lastReannounceMillis >= REANNOUNCE_INTERVAL_MILLIS) {
      // A newcomer that subscribed after our announce never saw it; say it again so that two
      // newcomers racing in an empty room know of each other (at most every 250 ms). Once a
      // keyed member is seen, it answers newcomers and the race is moot: in a join storm these
      // announces to everyone were most of the traffic.
      lastReannounceMillis = now;
      outbound.accept(ownAnnounce());
    }
  }

  /**
   * An announce under our own name from other keys: another client of ours (same identity, another
   * RSA key), or someone claiming our name. Never merged silently: a client still joining leaves,
   * one already in the room says so and announces itself so the other one learns it too.
   */
  private void onOwnName(Envelope.Announce a) {
    if (a.publicKey().equals(ownPublicKey)
        || !ChatCrypto.verify(a.identityKey(), a.signature(), Purpose.ANNOUNCE, a.signedParts())) {
      return; // our own announce, or a forgery: nothing to do
    }
    if (!a.identityKey().equals(ownIdentityKey)) {
      listener.alert("someone announced itself as " + me + " with another identity key (" + fingerprintOf(a.identityKey())
          + "): the members who know you will refuse it");
      return;
    }
    long now = clock.millis();
    // The newer of the two leaves: one still joining, or keyed so recently that it may have been
    // answered before the established one had a chance to say it is here.
    boolean newcomer = joining() || now - conversation.joinedAtMillis() < timing.keyTimeout().toMillis();
    if (newcomer) {
      fail("you are already in room " + room + " from another client with the same identity; close that one first,"
          + " or use another --user");
      return;
    }
    listener.alert("another client with your identity tried to join room " + room + ": it was told you are here");
    if (now - lastReannounceMillis >= REANNOUNCE_INTERVAL_MILLIS) {
      lastReannounceMillis = now;
      outbound.accept(ownAnnounce());
    }
  }

  /** The admission policy, applied by a keyed member to an announce. */
  private void admit(Envelope.Announce a) {
    keying.announced(a.member(), a.head());
    if (chain.headHash().equals(a.head())) {
      return; // it holds the record we hold, and so its key
    }
    Envelope.RecordMember listed = chain.head().member(a.member()).orElse(null);
    if (listed != null && listed.identityKey().equals(a.identityKey())
        && listed.keyFingerprint().equals(fingerprintOf(a.publicKey()))) {
      keying.answer(a.member()); // a member of the record we hold, asking again: the same key, once more
      return;
    }
    Policy policy = policy();
    boolean admittedBefore = listed != null || everMembers.contains(a.member());
    Admission.Verdict verdict = admission.decide(a, admittedBefore, policy);
    admission.apply(a, verdict);
    String who = a.member() + " (" + fingerprintOf(a.identityKey()) + ")";
    switch (verdict.decision()) {
      case ANSWER_RANKED -> { // an open room, or a member coming back (a new client of it: a new RSA key)
        keying.join(a.member(), true);
      }
      case ANSWER_NOW -> {
        keying.join(a.member(), false);
      }
      case ASK_A_PERSON -> {
        listener.joinRequest(a.member(), fingerprintOf(a.identityKey()));
        // Show the newcomer someone is here, so it waits for approval instead of deciding it is
        // alone and making a room of its own, and tell it so, end to end and signed.
        outbound.accept(ownAnnounce());
        tryDirect(a.member(), ChatContent.PENDING, "");
      }
      case TURN_AWAY -> {
        alertUninvited(who);
        // Tell the newcomer, end to end and signed, so it does not decide it is alone and open a
        // room of its own under this name; once per name, so a relay cannot make us repeat it.
        outbound.accept(ownAnnounce());
        tryDirect(a.member(), ChatContent.REFUSED, "room " + room + " is invite-only: ask a member for an invitation"
            + " (/invite) and join with --invite");
      }
      case ALREADY_TURNED_AWAY -> alertUninvited(who);
      case FORGED_PROOF -> listener.alert(a.member() + " presented invitation " + a.invitationId()
          + " without its secret: no key given");
      case ALREADY_USED -> listener.alert(a.member() + " presented invitation " + a.invitationId() + ", which "
          + verdict.usedBy() + " already used: an invitation admits one person, no key given (make a new one with /invite)");
      case ALREADY_ASKED, NOT_OURS -> {
        // waiting for a person, or for another member's invitation: only its inviter admits
      }
    }
  }

  private void alertUninvited(String who) {
    listener.alert(who + " tried to join this invite-only room without an invitation: no key given (a relay injecting"
        + " its own key looks like this)");
  }

  /** A membership record: checked, then its removals learned, then it waits for its key (if it lists us). */
  private void onRecord(Envelope.Record r) {
    String hash = MembershipChain.hash(r);
    boolean listsMe = r.member(me).isPresent();
    boolean joining = joining();
    if (state == State.KEYED && givesUpOurNewRoomFor(r)) {
      return;
    }
    MembershipChain.Verdict verdict = chain.check(r, hash, room);
    if (verdict.standing() == MembershipChain.Standing.REFUSED) {
      drop(verdict.reason());
      if (joining && listsMe) {
        refusedDelivery = "the " + verdict.reason();
      }
      return;
    }
    if (verdict.standing() == MembershipChain.Standing.FORK_LOST) {
      keying.healFork(r, hash);
      return;
    }
    if (!verdict.movesOn()) {
      if (verdict.standing() == MembershipChain.Standing.STALE) {
        drop("stale membership record for epoch " + r.epoch() + " (we hold epoch " + chain.head().epoch() + ")");
      }
      return;
    }
    Envelope.RecordMember author = r.member(r.author()).orElseThrow();
    if (!validCharter(r.charter()) || !trusted(author.name(), author.identityKey())) {
      drop("membership record by " + r.author() + " refused");
      if (joining && listsMe) {
        refusedDelivery = "the room key from " + r.author() + " was refused (see the alerts above)";
      }
      return;
    }
    Invitation invitation = rules.invitation();
    if (joining && listsMe && invitation != null
        && !fingerprintOf(author.identityKey()).equals(invitation.inviterFingerprint())) {
      listener.alert("refused a room key from " + r.author() + " (" + fingerprintOf(author.identityKey())
          + "): our invitation names " + invitation.inviterFingerprint());
      return;
    }
    keying.recordSeen(r.author());
    if (!chain.held() && !listsMe && trust.roomPin(room).isEmpty()) {
      // A newcomer of a room it never held learns nothing from records that do not let it in: under
      // trust on first use, one of the relay's making could otherwise strike real members out.
      keyedMemberSeen = true;
      return;
    }
    List<String> newlyRemoved = r.removed().stream().filter(name -> !chain.removed(name)).toList();
    chain.learnRemovals(r);
    newlyRemoved.forEach(this::forgetRemoved);
    if (r.removed().contains(me)) {
      removedFromRoom(r);
      return;
    }
    if (!joining) {
      newlyRemoved.forEach(name -> listener.notice(name + " was removed from the room by " + r.author()));
      if (!chain.removedButInHead().isEmpty()) {
        // its key normally follows at once; if it does not, ask for it rather than keep a shared key
        executor.schedule(() -> {
          if (state == State.KEYED && !chain.removedButInHead().isEmpty()) {
            rejoin();
          }
        }, timing.answerStep().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    keyedMemberSeen = true;
    if (!listsMe || !r.member(me).get().keyFingerprint().equals(ownKeyFingerprint)) {
      if (!joining && verdict.standing() != MembershipChain.Standing.STALE) {
        listener.notice("the room's record for epoch " + r.epoch() + " (by " + r.author() + ") does not list this"
            + " client: asking to be let in again");
        rejoin();
      }
      return;
    }
    candidates.put(hash, r);
    Envelope.KeyDelivery early = earlyDeliveries.remove(hash);
    if (early != null) {
      onKeyDelivery(early);
    }
  }

  private void onKeyDelivery(Envelope.KeyDelivery k) {
    if (k.record().equals(chain.headHash())) {
      k.wraps().forEach(w -> keying.answered(w.to())); // someone else gave the key again
    }
    Envelope.Record r = candidates.get(k.record());
    if (r == null) {
      if ((k.wrapFor(me).isPresent() || k.carried() != null) && !k.record().equals(chain.headHash())) {
        earlyDeliveries.put(k.record(), k); // its record may still come
      }
      return;
    }
    if (joining() || r.subjects().contains(me)) {
      learnPublicKeys(r, k.publicKeys()); // (for the members it lets in; the others know them from announces)
    }
    Envelope.Wrap mine = k.wrapFor(me).orElse(null);
    boolean carried = mine == null && k.carried() != null && state == State.KEYED && "join".equals(r.change())
        && r.epoch() == keys.epoch() + 1 && chain.headHash().equals(r.previous());
    if (mine == null && !carried) {
      return;
    }
    boolean joining = joining();
    RoomKey key;
    try {
      key = carried ? crypto.openCarriedRoomKey(keys.current(), k.carried())
          : crypto.unwrapRoomKey(own.rsa(), Base64.getDecoder().decode(mine.wrappedKey()));
    } catch (CryptoException | IllegalArgumentException e) {
      if (joining) {
        fail("the room key sent by " + k.from() + " could not be unwrapped with our private key (" + e.getMessage() + ")");
      } else {
        drop("unusable key delivery from " + k.from());
      }
      return;
    }
    if (!ChatCrypto.sameHash(ChatCrypto.keyCommitment(key, room, r.epoch()), r.keyCommitment())) {
      if (joining) {
        fail("the room key sent by " + k.from() + " does not match the signed record it came with");
      } else {
        drop("key delivery that does not match its record");
      }
      return;
    }
    String hash = k.record();
    MembershipChain.Verdict now = chain.place(r, hash); // the head may have moved since the record came
    candidates.remove(hash);
    if (!now.movesOn()) {
      return;
    }
    if (now.standing() == MembershipChain.Standing.FORK_WON) {
      listener.notice("two records were made for epoch " + r.epoch() + " at once; every member moves to the one by "
          + r.author());
    }
    adopt(r, hash, key, false, k.from());
  }

  private void learnPublicKeys(Envelope.Record r, List<Envelope.MemberKey> publicKeys) {
    for (Envelope.MemberKey k : publicKeys) {
      Envelope.RecordMember listed = r.member(k.name()).orElse(null);
      if (listed != null && !k.name().equals(me) && listed.keyFingerprint().equals(fingerprintOf(k.publicKey()))
          && trusted(k.name(), listed.identityKey())) {
        roster.keys(k.name(), k.publicKey(), listed.identityKey());
      }
    }
  }

  /**
   * Two newcomers made the room at the same moment: the room with more members, then the one whose
   * creator's name sorts first, stays; the other creator, still alone in a room it made a moment
   * ago, gives its own up and joins. Never for a room that was pinned before, or once anyone joined.
   */
  private boolean givesUpOurNewRoomFor(Envelope.Record r) {
    Envelope.Record head = chain.head();
    if (createdAtMillis < 0 || head.members().size() != 1 || head.epoch() != 1
        || clock.millis() - createdAtMillis > timing.keyTimeout().toMillis()
        || r.charter().signature().equals(head.charter().signature()) || !room.equals(r.room())) {
      return false;
    }
    boolean theirsStays = r.members().size() > 1 || r.charter().creator().compareTo(me) < 0;
    if (!theirsStays || chain.check(r, MembershipChain.hash(r), room).standing() != MembershipChain.Standing.REFUSED
        || !ChatCrypto.verify(r.charter().creatorIdentity(), r.charter().signature(), Purpose.CHARTER,
            r.charter().signedParts())) {
      return false;
    }
    listener.notice(r.charter().creator() + " made room " + room + " at the same moment: joining theirs");
    if (pinnedByCreating) {
      trust.unpinRoom(room);
    }
    chain.reset();
    keys.reset();
    createdAtMillis = -1;
    state = State.JOINING;
    cancelTimers();
    outbound.accept(ownAnnounce());
    joinTimer = executor.schedule(this::joinWaitOver, timing.keyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    onRecord(r);
    return true;
  }

  /** A member of an {@code approve} room says our request waits for a person, or was refused. */
  private void onAdmissionAnswer(ChatContent content) {
    if (!joining()) {
      return;
    }
    if (ChatContent.REFUSED.equals(content.kind())) {
      fail(content.text().isEmpty() ? content.author() + " refused your request to join room " + room
          : content.author() + " says: " + content.text());
      return;
    }
    if (state == State.AWAITING_APPROVAL) {
      return;
    }
    state = State.AWAITING_APPROVAL;
    if (joinTimer != null) {
      joinTimer.cancel(false);
    }
    Duration wait = timing.approvalWait();
    listener.awaitingApproval(content.author(), wait);
    joinTimer = executor.schedule(() -> {
      if (state == State.AWAITING_APPROVAL) {
        fail("no member of room " + room + " accepted your request within " + minutes(wait)
            + " (it admits by approval: ask a member to /accept you)");
      }
    }, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static String minutes(Duration wait) {
    return wait.toMinutes() >= 1 ? wait.toMinutes() + " min" : wait.toSeconds() + " s";
  }

  /** A record we accept names us among the removed: we get nothing more, and say so. */
  private void removedFromRoom(Envelope.Record r) {
    String why = joining()
        ? "you were removed from room " + room + " by its creator " + r.charter().creator() + " and cannot come back"
        : "you were removed from the room by its creator " + r.charter().creator();
    listener.alert(why + ": you will not receive the next room key");
    state = State.REMOVED;
    cancelTimers();
    listener.removed(why);
  }

  // --- keys ---------------------------------------------------------------------------------

  private void joinWaitOver() {
    if (state != State.JOINING) {
      return; // keyed, failed, closed, or waiting for a person instead
    }
    if (refusedDelivery != null) {
      fail(refusedDelivery + "; not creating a room of your own while its members are there");
      return;
    }
    TrustStore.RoomPin pin = trust.roomPin(room).orElse(null);
    boolean someoneElseCreates = waitingNewcomers.stream().anyMatch(other -> other.compareTo(me) < 0);
    if (pin != null && !pin.creator().equals(me) && !rules.createAnew()) {
      long rest = Math.max(0, timing.keyTimeout().minus(timing.joinWait()).toMillis());
      joinTimer = executor.schedule(() -> {
        if (state == State.JOINING) {
          fail("room " + room + " already exists (created by " + pin.creator() + ", " + pin.fingerprint()
              + ") and no member gave you its key within " + timing.keyTimeout().toSeconds()
              + " s; not creating a new room under its name (run with --create to start one)");
        }
      }, rest, TimeUnit.MILLISECONDS);
      return;
    }
    if (keyedMemberSeen || someoneElseCreates || rules.invitation() != null) {
      long rest = Math.max(0, timing.keyTimeout().minus(timing.joinWait()).toMillis());
      joinTimer = executor.schedule(() -> {
        if (state == State.JOINING) {
          fail(refusedDelivery != null ? refusedDelivery + "; not creating a room of your own while its members are there"
              : rules.invitation() != null
              ? "no room key arrived from the inviter within " + timing.keyTimeout().toSeconds() + " s (an invitation"
                  + " admits one person: if it was used before, ask for a new one)"
              : "no room key arrived within " + timing.keyTimeout().toSeconds() + " s although other members are present");
        }
      }, rest, TimeUnit.MILLISECONDS);
      return;
    }
    String policy = rules.policy().wireName();
    Envelope.Charter charter = new Envelope.Charter(room, policy, me, ownIdentityKey,
        crypto.sign(own.identity(), Purpose.CHARTER, room, policy, me, ownIdentityKey));
    // (the same parts as Envelope.Charter#signedParts)
    pinnedByCreating = trust.roomPin(room).isEmpty();
    createdAtMillis = clock.millis();
    RecordMaker.Made made = maker.make(1, null, charter,
        List.of(new Envelope.RecordMember(me, ownIdentityKey, ownKeyFingerprint)), List.of(), "create", List.of(me),
        Map.of(), List.of(), null);
    outbound.accept(made.record());
    adopt(made.record(), made.hash(), made.key(), true, me);
  }

  private void adopt(Envelope.Record record, String hash, RoomKey key, boolean created, String from) {
    chain.advance(record, hash);
    keying.newHead();
    keys.advance(record.epoch(), key, clock.millis(), rules.epochGrace().toMillis());
    conversation.newEpoch(record.epoch());
    state = State.KEYED;
    record.members().forEach(m -> everMembers.add(m.name()));
    // trust on first use for the members we learn from the record; a changed identity is reported
    record.members().stream().filter(m -> !m.name().equals(me)).forEach(m -> trusted(m.name(), m.identityKey()));
    if (joinTimer != null) {
      joinTimer.cancel(false);
    }
    if (rekeyTimer != null) {
      rekeyTimer.cancel(false);
    }
    scheduleRekeyTimer();
    // Newcomers who announced while we were joining are handled before the UI hears we are
    // keyed: a piped message sent the moment we are keyed must not overtake their admission.
    for (String newcomer : new ArrayList<>(waitingNewcomers)) {
      Roster.Member m = roster.get(newcomer).orElse(null);
      if (m == null || m.publicKey() == null || record.member(newcomer).isPresent()) {
        continue;
      }
      if (policy() == Policy.OPEN) {
        keying.join(newcomer, true);
      } else if (policy() == Policy.APPROVE && admission.request(newcomer)) {
        listener.joinRequest(newcomer, m.fingerprint());
      }
    }
    waitingNewcomers.clear();
    Envelope.Charter charter = record.charter();
    if (created && record.epoch() == 1 && rules.createAnew()) {
      trust.repinRoom(room, me, ownIdentityKey); // the user asked for a new room under this name
    } else if (trust.roomPin(room).isEmpty()) {
      trust.pinRoom(room, charter.creator(), charter.creatorIdentity());
      if (!created) {
        listener.notice("room " + room + " is now pinned to its creator " + charter.creator() + " ("
            + fingerprintOf(charter.creatorIdentity()) + "): a room key under anyone else's charter will be refused");
      }
    }
    listener.keyed(created, from, key.id(), record.epoch(), charter.policy());
  }

  private void scheduleRekeyTimer() {
    long every = rules.rekeyInterval().toMillis();
    long epochNow = keys.epoch();
    rekeyTimer = executor.schedule(() -> {
      if (keys.epoch() == epochNow && state == State.KEYED) {
        keying.rekey("the epoch is " + rules.rekeyInterval().toMinutes() + " minutes old");
      }
    }, every, TimeUnit.MILLISECONDS);
  }

  /** Behind (a message in a newer epoch, or a record without us): announce again, and a member answers. */
  private void rejoin() {
    long now = clock.millis();
    if (chain.removed(me) || now - lastRejoinMillis < REJOIN_INTERVAL_MILLIS) {
      return;
    }
    lastRejoinMillis = now;
    outbound.accept(ownAnnounce());
  }

  /** Still getting in: announced and waiting for a record that lists us, by itself or for a person. */
  private boolean joining() {
    return state == State.JOINING || state == State.AWAITING_APPROVAL;
  }

  private boolean inHead(String member) {
    return chain.head() != null && chain.head().member(member).isPresent();
  }

  private Policy policy() {
    return Policy.fromWire(chain.head().charter().policy()).orElse(Policy.INVITE);
  }

  private static <K, V> Map<K, V> bounded() {
    return new java.util.LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > PENDING_LIMIT;
      }
    };
  }

  // --- checks -------------------------------------------------------------------------------

  /** Trust on first use by name; a changed identity is blocked and reported. */
  private boolean trusted(String member, String identityKey) {
    if (member.equals(me)) {
      return identityKey.equals(ownIdentityKey);
    }
    TrustStore.Verdict verdict = trust.check(member, identityKey);
    if (verdict != TrustStore.Verdict.CHANGED) {
      return true;
    }
    Roster.Member known = roster.get(member).orElse(null);
    if (known == null || !identityKey.equals(known.changedIdentity())) {
      roster.identityChanged(member, identityKey);
      TrustStore.Entry entry = trust.get(member).orElseThrow();
      listener.identityChanged(member, entry.fingerprint(), fingerprintOf(identityKey), entry.verified());
    }
    return false;
  }

  private boolean validCharter(Envelope.Charter c) {
    if (!room.equals(c.room()) || Policy.fromWire(c.policy()).isEmpty()
        || !ChatCrypto.verify(c.creatorIdentity(), c.signature(), Purpose.CHARTER, c.signedParts())) {
      drop("key delivery with an invalid room charter");
      return false;
    }
    TrustStore.RoomPin pin = trust.roomPin(room).orElse(null);
    if (pin != null && (!pin.creator().equals(c.creator()) || !pin.creatorIdentityKey().equals(c.creatorIdentity()))) {
      listener.alert("refused a room key under a charter by " + c.creator() + " (" + fingerprintOf(c.creatorIdentity())
          + "): room " + room + " was created by " + pin.creator() + " (" + pin.fingerprint()
          + ") when you first joined it (a relay making its own room looks like this)");
      return false;
    }
    return c.creator().equals(me) ? c.creatorIdentity().equals(ownIdentityKey) : trusted(c.creator(), c.creatorIdentity());
  }

  /** What keying asks of this session. */
  private final class KeyingHooks implements Keying.Session {
    @Override
    public boolean keyed() {
      return state == State.KEYED;
    }

    @Override
    public void adopt(RecordMaker.Made made) {
      RoomSession.this.adopt(made.record(), made.hash(), made.key(), true, me);
    }

    @Override
    public void announce() {
      long now = clock.millis();
      if (now - lastReannounceMillis >= REANNOUNCE_INTERVAL_MILLIS) {
        lastReannounceMillis = now;
        outbound.accept(ownAnnounce());
      }
    }
  }

  /** What the conversation asks of this session. */
  private final class ConversationHooks implements Conversation.Session {
    @Override
    public void drop(String reason) {
      RoomSession.this.drop(reason);
    }

    @Override
    public void behind() {
      rejoin();
    }

    @Override
    public void keyedMemberSeen() {
      keyedMemberSeen = true;
    }

    @Override
    public void admissionAnswer(ChatContent content) {
      onAdmissionAnswer(content);
    }

    @Override
    public void counted(long count) {
      if (count >= rules.rekeyAfterMessages()) {
        keying.rekey(count + " messages in this epoch");
      }
    }
  }

  // --- helpers ------------------------------------------------------------------------------

  private Envelope.Announce ownAnnounce() {
    Invitation invitation = rules.invitation();
    String invitationId = invitation == null ? null : invitation.id();
    String proof = invitation == null ? null : invitation.proof(me, ownPublicKey, ownIdentityKey);
    String head = state == State.KEYED ? chain.headHash() : null;
    Envelope.Announce unsigned = new Envelope.Announce(room, me, ownPublicKey, ownIdentityKey, invitationId, proof, head,
        "");
    return new Envelope.Announce(room, me, ownPublicKey, ownIdentityKey, invitationId, proof, head,
        crypto.sign(own.identity(), Purpose.ANNOUNCE, unsigned.signedParts()));
  }

  /** A removed member: nothing of it is awaited or planned any more. */
  private void forgetRemoved(String member) {
    admission.forget(member);
    keying.forget(member);
    waitingNewcomers.remove(member);
  }

  private static String fingerprintOf(String identityKey) {
    return MemberKeys.fingerprint(Base64.getDecoder().decode(identityKey));
  }

  private void fail(String reason) {
    state = State.FAILED;
    cancelTimers();
    listener.keyExchangeFailed(reason);
  }

  private void drop(String reason) {
    dropped++;
    listener.dropped(reason);
  }

  private void cancelTimers() {
    if (joinTimer != null) {
      joinTimer.cancel(false);
    }
    if (rekeyTimer != null) {
      rekeyTimer.cancel(false);
    }
    keying.cancel(state == State.KEYED);
  }

  private <T> CompletableFuture<T> call(java.util.concurrent.Callable<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    executor.execute(() -> {
      try {
        result.complete(action.call());
      } catch (Exception e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }
}
