package chat.client.session;

import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.IdentityPublicKey;
import chat.client.protocol.ProtocolException;
import java.time.Clock;

/**
 * The checks a sealed message passes before anything about it is shown or remembered, in the order
 * docs/PROTOCOL.md ("Receiving") gives them, turned into a verdict. No side effects and no threads:
 * the session records and emits only after an {@link Accepted}, and the checks can be tested with
 * built envelopes.
 */
final class ReceiveChecks {

  /** Signed send times further ahead of our clock than this are refused. */
  static final long MAX_SEND_TIME_AHEAD_MILLIS = 60_000;
  /** Messages signed this long before we first held the key are not shown: the relay replaying them. */
  static final long JOIN_SKEW_MILLIS = 5_000;

  /** What the checks read of the room; never changed by them. */
  interface Known {
    /** The author's trusted identity key (our own for ourselves), or null if unknown. */
    IdentityPublicKey identityOf(String author);

    /** An identity key the author presented that the user has not accepted yet, or null. */
    IdentityPublicKey changedIdentityOf(String author);

    boolean removed(String author);

    /** When this client first held the room's key; 0 while joining. */
    long joinedAtMillis();

    ReplayGuard.Arrival arrival(String author, long epoch, String kind, long counter);
  }

  sealed interface Verdict permits Accepted, Dropped {}

  /** Shown or acted on; {@code verified} is false when signed by a changed identity not accepted yet. */
  record Accepted(ChatContent content, boolean verified, ReplayGuard.Arrival arrival) implements Verdict {}

  /** Dropped and counted, with the reason a user reads with --verbose. */
  record Dropped(String reason) implements Verdict {}

  private final String room;
  private final String me;
  private final RoomCrypto crypto;
  private final EnvelopeCodec codec;
  private final Clock clock;

  ReceiveChecks(String room, String me, RoomCrypto crypto, EnvelopeCodec codec, Clock clock) {
    this.room = room;
    this.me = me;
    this.crypto = crypto;
    this.codec = codec;
    this.clock = clock;
  }

  /** A room message under the key of its epoch. */
  Verdict chat(RoomKey key, Envelope.Chat chat, Known known) {
    Object opened = open(key, chat.token());
    if (opened instanceof Dropped dropped) {
      return dropped;
    }
    ChatContent content = (ChatContent) opened;
    if (content.epoch() != chat.epoch()) {
      return new Dropped("message sealed for another epoch");
    }
    return afterOpening(content, null, "chat", known);
  }

  /** A direct message to us, under the key it carried wrapped for us. */
  Verdict direct(RoomKey messageKey, Envelope.Direct direct, Known known) {
    Object opened = open(messageKey, direct.token());
    if (opened instanceof Dropped dropped) {
      return dropped;
    }
    return afterOpening((ChatContent) opened, me, "direct", known);
  }

  private Verdict afterOpening(ChatContent content, String recipient, String kind, Known known) {
    String author = content.author();
    IdentityPublicKey identity = known.identityOf(author);
    boolean verified;
    if (RoomCrypto.signedBy(content, recipient, identity)) {
      verified = true;
    } else if (RoomCrypto.signedBy(content, recipient, known.changedIdentityOf(author))) {
      verified = false;
    } else {
      return new Dropped(identity == null ? "message from " + author + ", whose identity we do not know"
          : "message with a bad signature (claims to be from " + author + ")");
    }
    if (known.removed(author)) {
      return new Dropped("message from " + author + ", who was removed from the room");
    }
    long now = clock.millis();
    if (content.sentAtMillis() > now + MAX_SEND_TIME_AHEAD_MILLIS) {
      return new Dropped("message from " + author + " signed " + (content.sentAtMillis() - now) / 1000
          + " s in the future");
    }
    long joinedAt = known.joinedAtMillis();
    if (joinedAt > 0 && content.sentAtMillis() < joinedAt - JOIN_SKEW_MILLIS) {
      return new Dropped("message from " + author + " sent before you joined (a relay replaying it looks like this)");
    }
    ReplayGuard.Arrival arrival = known.arrival(author, content.epoch(), kind, content.counter());
    if (!arrival.fresh()) {
      return new Dropped("replayed message (" + author + ", epoch " + content.epoch() + ", #" + content.counter() + ")");
    }
    return new Accepted(content, verified, arrival);
  }

  /** The token's content, or why it was dropped. */
  private Object open(RoomKey key, String token) {
    ChatContent content;
    try {
      content = codec.decodeContent(crypto.open(key, token));
    } catch (RoomCrypto.Unusable e) {
      return new Dropped("token rejected (forged, altered, expired or under another key)");
    } catch (ProtocolException e) {
      return new Dropped("malformed content inside a valid token");
    }
    if (!RoomCrypto.hashMatches(content)) {
      return new Dropped("content hash mismatch");
    }
    if (!room.equals(content.room())) {
      return new Dropped("message sealed for another room");
    }
    return content;
  }
}
