package chat.client.session;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.MemberKeys;
import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.ProtocolException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One member's view of one room: joining, getting or creating the room key, answering newcomers,
 * and sealing and opening chat messages. It has no socket: frames come in through
 * {@link #receive}, envelopes go out through the {@code outbound} consumer. Every event runs on
 * the single-threaded {@code executor}, so the state needs no locks. Protocol: docs/PROTOCOL.md.
 */
public final class RoomSession {

  public enum State { JOINING, KEYED, FAILED, CLOSED }

  /**
   * @param joinWait how long a newcomer waits for a key before it may decide it is alone
   * @param keyTimeout how long a newcomer waits in all when it knows a keyed member is present
   * @param answerStep delay between the ranked members that may answer a newcomer (fallback)
   */
  public record Timing(Duration joinWait, Duration keyTimeout, Duration answerStep) {
    public static final Timing DEFAULT = new Timing(Duration.ofMillis(1500), Duration.ofSeconds(10),
        Duration.ofMillis(400));
  }

  static final long REANNOUNCE_INTERVAL_MILLIS = 250;

  private final String room;
  private final String me;
  private final ChatCrypto crypto;
  private final MemberKeys keys;
  private final EnvelopeCodec codec = new EnvelopeCodec();
  private final Consumer<Envelope> outbound;
  private final RoomListener listener;
  private final ScheduledExecutorService executor;
  private final Clock clock;
  private final Timing timing;

  private final Roster roster = new Roster();
  private final Set<String> waitingNewcomers = new LinkedHashSet<>();
  private final Map<String, ScheduledFuture<?>> plannedAnswers = new HashMap<>();
  private State state = State.JOINING;
  private RoomKey roomKey;
  private boolean keyedMemberSeen;
  private ScheduledFuture<?> joinTimer;
  private long dropped;
  private long lastReannounceMillis = Long.MIN_VALUE / 2;

  public RoomSession(String room, String me, ChatCrypto crypto, MemberKeys keys, Consumer<Envelope> outbound,
      RoomListener listener, ScheduledExecutorService executor, Clock clock, Timing timing) {
    this.room = room;
    this.me = me;
    this.crypto = crypto;
    this.keys = keys;
    this.outbound = outbound;
    this.listener = listener;
    this.executor = executor;
    this.clock = clock;
    this.timing = timing;
  }

  /** Announces our public key and starts waiting for the room key. Call once subscribed. */
  public void start() {
    executor.execute(() -> {
      outbound.accept(ownAnnounce());
      joinTimer = executor.schedule(this::joinWaitOver, timing.joinWait().toMillis(), TimeUnit.MILLISECONDS);
    });
  }

  /** A frame body from the room, as the relay delivered it. */
  public void receive(byte[] body) {
    executor.execute(() -> handle(body));
  }

  /** The relay says a member left; a hint only, used to skip it when choosing who answers. */
  public void memberLeft(String member) {
    executor.execute(() -> {
      if (!member.equals(me)) {
        roster.remove(member);
        waitingNewcomers.remove(member);
        listener.memberLeft(member);
      }
    });
  }

  /** Seals and sends a message; completes with its id, or empty if the room key is not held. */
  public CompletableFuture<Optional<String>> say(String text) {
    return CompletableFuture.supplyAsync(() -> {
      if (state != State.KEYED) {
        return Optional.empty();
      }
      String id = UUID.randomUUID().toString();
      ChatContent content = new ChatContent(Envelope.VERSION, room, me, id, clock.millis(), text,
          ChatCrypto.contentHash(text));
      outbound.accept(new Envelope.Chat(room, crypto.seal(roomKey, codec.encodeContent(content))));
      return Optional.of(id);
    }, executor);
  }

  public CompletableFuture<State> state() {
    return CompletableFuture.supplyAsync(() -> state, executor);
  }

  /** The other members this client knows of. */
  public CompletableFuture<List<Roster.Member>> members() {
    return CompletableFuture.supplyAsync(
        () -> roster.all().stream().filter(m -> !m.name().equals(me)).toList(), executor);
  }

  /** The room key, if held: for the owner's own audits (the relay-blindness tests), never for the wire. */
  public CompletableFuture<Optional<RoomKey>> roomKey() {
    return CompletableFuture.supplyAsync(() -> Optional.ofNullable(roomKey), executor);
  }

  public CompletableFuture<Long> droppedCount() {
    return CompletableFuture.supplyAsync(() -> dropped, executor);
  }

  public void close() {
    executor.execute(() -> {
      state = State.CLOSED;
      cancelTimers();
    });
  }

  private void handle(byte[] body) {
    if (state == State.CLOSED || state == State.FAILED) {
      return;
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
    } else if (envelope instanceof Envelope.KeyDelivery k) {
      onKeyDelivery(k);
    } else if (envelope instanceof Envelope.Chat c) {
      onChat(c);
    }
  }

  private void onAnnounce(Envelope.Announce announce) {
    if (announce.member().equals(me)) {
      return;
    }
    try {
      MemberKeys.parsePublicKey(Base64.getDecoder().decode(announce.publicKey()));
    } catch (CryptoException | IllegalArgumentException e) {
      drop("announced public key is invalid");
      return;
    }
    boolean firstSight = roster.publicKey(announce.member()) == null;
    roster.announced(announce.member(), announce.publicKey());
    listener.memberJoined(announce.member(), MemberKeys.fingerprint(Base64.getDecoder().decode(announce.publicKey())));
    if (state == State.KEYED) {
      planAnswer(announce.member());
    } else {
      waitingNewcomers.add(announce.member());
      long now = clock.millis();
      if (firstSight && now - lastReannounceMillis >= REANNOUNCE_INTERVAL_MILLIS) {
        // A newcomer that subscribed after our announce never saw it; say it again so that two
        // newcomers racing in an empty room both know of each other and agree who creates the key.
        // At most every 250 ms, so a join storm does not grow quadratically.
        lastReannounceMillis = now;
        outbound.accept(ownAnnounce());
      }
    }
  }

  private Envelope.Announce ownAnnounce() {
    return new Envelope.Announce(room, me, Base64.getEncoder().encodeToString(keys.publicKeyDer()));
  }

  private void onKeyDelivery(Envelope.KeyDelivery delivery) {
    roster.keyed(delivery.from());
    roster.keyed(delivery.to());
    delivery.members().forEach(roster::keyed);
    cancelAnswer(delivery.to());
    waitingNewcomers.remove(delivery.to());
    if (!delivery.to().equals(me)) {
      keyedMemberSeen = true;
      return;
    }
    RoomKey key;
    try {
      key = crypto.unwrapRoomKey(keys, Base64.getDecoder().decode(delivery.wrappedKey()));
    } catch (CryptoException | IllegalArgumentException e) {
      if (state == State.JOINING) {
        fail("the room key sent by " + delivery.from() + " could not be unwrapped with our private key ("
            + e.getMessage() + ")");
      } else {
        drop("unusable key delivery from " + delivery.from());
      }
      return;
    }
    if (!key.id().equals(delivery.keyId())) {
      if (state == State.JOINING) {
        fail("the room key sent by " + delivery.from() + " does not match its announced key id");
      } else {
        drop("key delivery with a wrong key id");
      }
      return;
    }
    if (state == State.JOINING) {
      adopt(key, false, delivery.from());
    } else if (state == State.KEYED && !key.equals(roomKey) && key.id().compareTo(roomKey.id()) < 0) {
      // Two newcomers that raced both created a key: everyone converges on the smaller key id.
      roomKey = key;
      listener.notice("switched to room key " + key.id() + " from " + delivery.from() + " (two keys were created at once)");
      listener.keyed(false, delivery.from(), key.id());
    }
  }

  private void onChat(Envelope.Chat chat) {
    if (state != State.KEYED) {
      keyedMemberSeen = true;
      drop("message arrived before we held the room key");
      return;
    }
    ChatContent content;
    try {
      content = codec.decodeContent(crypto.open(roomKey, chat.token()));
    } catch (CryptoException e) {
      drop("token rejected (forged, altered, expired or under another key)");
      return;
    } catch (ProtocolException e) {
      drop("malformed content inside a valid token");
      return;
    }
    if (!ChatCrypto.sameHash(ChatCrypto.contentHash(content.text()), content.sha256())) {
      drop("content hash mismatch");
      return;
    }
    if (!room.equals(content.room())) {
      drop("message sealed for another room");
      return;
    }
    roster.keyed(content.author());
    listener.message(content.author(), content.text(), content.id(), content.sentAtMillis());
  }

  private void joinWaitOver() {
    if (state != State.JOINING) {
      return;
    }
    boolean someoneElseCreates = waitingNewcomers.stream().anyMatch(other -> other.compareTo(me) < 0);
    if (keyedMemberSeen || someoneElseCreates) {
      long rest = Math.max(0, timing.keyTimeout().minus(timing.joinWait()).toMillis());
      joinTimer = executor.schedule(() -> {
        if (state == State.JOINING) {
          fail("no room key arrived within " + timing.keyTimeout().toSeconds()
              + " s although other members are present");
        }
      }, rest, TimeUnit.MILLISECONDS);
      return;
    }
    adopt(crypto.newRoomKey(), true, me);
    for (String newcomer : new ArrayList<>(waitingNewcomers)) {
      planAnswer(newcomer);
    }
  }

  private void adopt(RoomKey key, boolean created, String from) {
    roomKey = key;
    state = State.KEYED;
    roster.keyed(me);
    cancelTimers();
    listener.keyed(created, from, key.id());
    for (String newcomer : new ArrayList<>(waitingNewcomers)) {
      if (!roster.isKeyed(newcomer)) {
        planAnswer(newcomer);
      }
    }
    waitingNewcomers.clear();
  }

  /**
   * Exactly one member should answer a newcomer. Every keyed member ranks the keyed members it
   * knows by SHA-256(newcomer, member) and waits rank x answerStep; the first answer seen cancels
   * the others, and if the first-ranked member is gone, the next one answers a step later.
   */
  private void planAnswer(String newcomer) {
    if (plannedAnswers.containsKey(newcomer) || roster.isKeyed(newcomer)) {
      return;
    }
    List<String> candidates = new ArrayList<>(roster.keyedNames());
    if (!candidates.contains(me)) {
      candidates.add(me);
    }
    candidates.remove(newcomer);
    candidates.sort(Comparator.comparing(name -> ChatCrypto.contentHash(newcomer + "\n" + name)));
    long delay = candidates.indexOf(me) * timing.answerStep().toMillis();
    plannedAnswers.put(newcomer, executor.schedule(() -> answer(newcomer), delay, TimeUnit.MILLISECONDS));
  }

  private void answer(String newcomer) {
    plannedAnswers.remove(newcomer);
    String publicKey = roster.publicKey(newcomer);
    if (state != State.KEYED || roster.isKeyed(newcomer) || publicKey == null) {
      return;
    }
    try {
      byte[] wrapped = crypto.wrapRoomKey(roomKey, Base64.getDecoder().decode(publicKey));
      List<String> members = new ArrayList<>(roster.keyedNames());
      outbound.accept(new Envelope.KeyDelivery(room, me, newcomer, roomKey.id(),
          Base64.getEncoder().encodeToString(wrapped), members.subList(0, Math.min(members.size(),
              Envelope.MAX_ROSTER_MEMBERS))));
      roster.keyed(newcomer);
    } catch (CryptoException e) {
      drop("could not wrap the room key for " + newcomer);
    }
  }

  private void cancelAnswer(String newcomer) {
    ScheduledFuture<?> planned = plannedAnswers.remove(newcomer);
    if (planned != null) {
      planned.cancel(false);
    }
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
    if (state != State.KEYED) {
      plannedAnswers.values().forEach(f -> f.cancel(false));
      plannedAnswers.clear();
    }
  }

}
