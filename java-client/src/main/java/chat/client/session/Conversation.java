package chat.client.session;

import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.IdentityPublicKey;
import chat.client.protocol.WrappedKey;
import chat.client.trust.TrustStore;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The messages of one member in one room: sealing, signing and numbering what it writes (room
 * messages and direct ones), and opening, checking ({@link ReceiveChecks}) and showing what it
 * reads, with the replay guard's verdict on gaps and late arrivals. It holds the per-epoch counters;
 * the record and key it writes under are the session's ({@link MembershipChain}, {@link EpochKeys}).
 * Confined to the session thread.
 */
final class Conversation {

  /** What the conversation asks of the session around it. */
  interface Session {
    void drop(String reason);

    /** A message of an epoch newer than ours: we missed a record. */
    void behind();

    /** A message before we hold any key: a keyed member is here. */
    void keyedMemberSeen();

    /** A direct {@code pending} or {@code refused} answer to our join request. */
    void admissionAnswer(ChatContent content);

    /** We wrote a room message in this epoch: {@code count} written and read so far. */
    void counted(long count);
  }

  private final String room;
  private final String me;
  private final RoomCrypto crypto;
  private final EnvelopeCodec codec;
  private final Outbound outbound;
  private final RoomListener listener;
  private final Clock clock;
  private final ReplayGuard replays;
  private final ReceiveChecks checks;
  private final EpochKeys keys;
  private final MembershipChain chain;
  private final Roster roster;
  private final TrustStore trust;
  private final Session session;
  private final ReceiveChecks.Known known = new Knowledge();
  private long ownCounter;
  private long ownDirectCounter;
  private long messagesInEpoch;
  private long joinedAtMillis;

  Conversation(String room, String me, RoomCrypto crypto, EnvelopeCodec codec, Outbound outbound, RoomListener listener, Clock clock, ReplayGuard replays,
      EpochKeys keys, MembershipChain chain, Roster roster, TrustStore trust, Session session) {
    this.room = room;
    this.me = me;
    this.crypto = crypto;
    this.codec = codec;
    this.outbound = outbound;
    this.listener = listener;
    this.clock = clock;
    this.replays = replays;
    this.checks = new ReceiveChecks(room, me, crypto, codec, clock);
    this.keys = keys;
    this.chain = chain;
    this.roster = roster;
    this.trust = trust;
    this.session = session;
  }

  /** A new epoch's key is held: our numbering in it goes on from what we wrote in it before (a restart). */
  void newEpoch(long epoch) {
    replays.forgetBefore(epoch - 1);
    ownCounter = replays.highest(me, epoch, "chat");
    ownDirectCounter = replays.highest(me, epoch, "direct");
    if (joinedAtMillis == 0) {
      joinedAtMillis = clock.millis();
    }
    messagesInEpoch = 0;
  }

  long joinedAtMillis() {
    return joinedAtMillis;
  }

  /** Seals, signs and sends a room message under the current key; returns its id. */
  String say(String kind, String target, String text) {
    String id = UUID.randomUUID().toString();
    replays.accept(me, keys.epoch(), "chat", ++ownCounter); // remembered, so a restart goes on from here
    ChatContent content = new ChatContent(Envelope.VERSION, room, keys.epoch(), me, id, ownCounter, clock.millis(),
        kind, target, text, RoomCrypto.contentHash(text), null);
    content = crypto.signed(content, null);
    outbound.accept(new Envelope.Chat(room, keys.epoch(), crypto.seal(keys.current(), codec.encodeContent(content))), id);
    if (ChatContent.TEXT.equals(kind)) {
      session.counted(++messagesInEpoch);
    }
    return id;
  }

  /** Sends what only {@code to} can read, under a one-time key wrapped for its RSA key; returns its id. */
  String direct(String to, String kind, String text) {
    Roster.Member member = roster.get(to).orElse(null);
    if (member == null || member.publicKey() == null || member.blocked()) {
      throw new IllegalStateException("no trusted key known for " + to);
    }
    RoomKey messageKey = crypto.newMessageKey();
    String id = UUID.randomUUID().toString();
    replays.accept(me, keys.epoch(), "direct", ++ownDirectCounter);
    ChatContent content = new ChatContent(Envelope.VERSION, room, keys.epoch(), me, id, ownDirectCounter,
        clock.millis(), kind, null, text, RoomCrypto.contentHash(text), null);
    content = crypto.signed(content, to);
    WrappedKey wrapped = crypto.wrapFor(messageKey, member.publicKey(), RoomCrypto.DIRECT).orElseThrow(() -> new IllegalStateException("cannot wrap a key for " + to));
    outbound.accept(new Envelope.Direct(room, to, wrapped, crypto.seal(messageKey, codec.encodeContent(content))));
    return id;
  }

  void onChat(Envelope.Chat chat) {
    Optional<RoomKey> key = keys.keyFor(chat.epoch(), clock.millis());
    if (key.isEmpty()) {
      if (!keys.held()) {
        session.keyedMemberSeen();
        session.drop("message arrived before we held the room key");
      } else if (chat.epoch() > keys.epoch()) {
        session.drop("message in epoch " + chat.epoch() + ", ours is " + keys.epoch() + ": asking for the key again");
        session.behind();
      } else {
        session.drop("message from an expired epoch " + chat.epoch());
      }
      return;
    }
    ReceiveChecks.Accepted accepted = accepted(checks.chat(key.get(), chat, known), "chat");
    if (accepted == null) {
      return;
    }
    ChatContent content = accepted.content();
    if (!ChatContent.TEXT.equals(content.kind())) {
      session.drop("a " + content.kind() + " message sent to the whole room");
      return;
    }
    listener.message(content.author(), content.text(), content.id(), content.sentAtMillis(), accepted.verified());
    // Counted, but only a writer rekeys for the count: a reader that rekeyed on the Nth message it
    // read would race the writer's own rekey, and the writer's queued messages (sealed under the
    // old key, paced out behind it) could outlast the old key's grace at the reader.
    ++messagesInEpoch;
  }

  void onDirect(Envelope.Direct d) {
    if (!d.to().equals(me)) {
      return; // for someone else, as the relay can see
    }
    RoomKey messageKey;
    try {
      messageKey = crypto.unwrap(d.wrappedKey(), RoomCrypto.DIRECT);
    } catch (RoomCrypto.Unusable e) {
      session.drop("direct message whose key does not unwrap");
      return;
    }
    ReceiveChecks.Accepted accepted = accepted(checks.direct(messageKey, d, known), "direct");
    if (accepted == null) {
      return;
    }
    ChatContent content = accepted.content();
    if (ChatContent.PENDING.equals(content.kind()) || ChatContent.REFUSED.equals(content.kind())) {
      session.admissionAnswer(content);
      return;
    }
    listener.direct(content.author(), content.text(), content.id(), content.sentAtMillis(), accepted.verified());
  }

  /**
   * A verdict taken: a dropped message is counted and null returned; an accepted one is recorded
   * (replay guard), then the user is told of messages that never arrived, or of one that came late.
   */
  private ReceiveChecks.Accepted accepted(ReceiveChecks.Verdict verdict, String kind) {
    if (verdict instanceof ReceiveChecks.Dropped dropped) {
      session.drop(dropped.reason());
      return null;
    }
    ReceiveChecks.Accepted accepted = (ReceiveChecks.Accepted) verdict;
    ChatContent content = accepted.content();
    ReplayGuard.Arrival arrival = accepted.arrival();
    replays.record(content.author(), content.epoch(), kind, content.counter());
    if (arrival.missingBefore() > 0) {
      listener.missing(content.author(), arrival.missingBefore());
    } else if (arrival.late()) {
      listener.notice("the next message from " + content.author() + " arrived out of order (sent earlier than the one"
          + " before it)");
    }
    return accepted;
  }

  /** What the receive checks read: the identities the current record lists, the removals, the replay guard. */
  private final class Knowledge implements ReceiveChecks.Known {
    @Override
    public IdentityPublicKey identityOf(String author) {
      if (author.equals(me)) {
        return crypto.ownIdentityKey();
      }
      Envelope.RecordMember listed = listed(author);
      if (listed != null && !changed(author, listed.identityKey())) {
        return listed.identityKey(); // (a record listing a changed identity does not make it trusted)
      }
      Roster.Member member = roster.get(author).orElse(null);
      return member != null && member.identityKey() != null ? member.identityKey()
          : trust.get(author).map(entry -> new IdentityPublicKey(entry.identityKey())).orElse(null);
    }

    @Override
    public IdentityPublicKey changedIdentityOf(String author) {
      IdentityPublicKey announced = roster.get(author).map(Roster.Member::changedIdentity).orElse(null);
      Envelope.RecordMember listed = listed(author);
      return announced != null || listed == null || author.equals(me) || !changed(author, listed.identityKey())
          ? announced : listed.identityKey();
    }

    /** The user trusts another identity key for this name (read only: a first sight is the session's to record). */
    private boolean changed(String author, IdentityPublicKey identityKey) {
      return trust.get(author).map(entry -> !entry.identityKey().equals(identityKey.text())).orElse(false);
    }

    @Override
    public boolean removed(String author) {
      return !author.equals(me) && chain.removed(author);
    }

    @Override
    public long joinedAtMillis() {
      return joinedAtMillis;
    }

    @Override
    public ReplayGuard.Arrival arrival(String author, long epoch, String kind, long counter) {
      return replays.arrival(author, epoch, kind, counter);
    }

    private Envelope.RecordMember listed(String author) {
      Envelope.Record head = chain.head();
      return head == null ? null : head.member(author).orElse(null);
    }
  }
}
