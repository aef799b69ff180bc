package chat.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.IdentityKeys;
import chat.client.crypto.Purpose;
import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.IdentityPublicKey;
import chat.client.protocol.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The receive checks on built envelopes: no relay, no threads, a fixed clock. */
class ReceiveChecksTest {

  static final long NOW = 1_800_000_000_000L;
  final ChatCrypto crypto = new ChatCrypto(new java.security.SecureRandom(),
      Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), ChatCrypto.DEFAULT_TOKEN_TTL);
  final EnvelopeCodec codec = new EnvelopeCodec();
  final ReceiveChecks checks = new ReceiveChecks("den", "bob", new RoomCrypto("den", "bob", crypto,
      new RoomSession.Credentials(chat.client.crypto.MemberKeys.generate(2048, new java.security.SecureRandom()),
          crypto.newIdentity()), true), codec,
      Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  final RoomKey key = crypto.newRoomKey();
  final IdentityKeys alice = crypto.newIdentity();
  final Room room = new Room();

  @Test
  void aSoundMessage_isAccepted_verified_inOrder() {
    ReceiveChecks.Verdict verdict = checks.chat(key, chat(content("hi", 1, NOW), alice), room);
    assertThat(verdict).isInstanceOf(ReceiveChecks.Accepted.class);
    ReceiveChecks.Accepted accepted = (ReceiveChecks.Accepted) verdict;
    assertThat(accepted.verified()).isTrue();
    assertThat(accepted.content().text()).isEqualTo("hi");
  }

  @Test
  void eachFailedCheck_isADropWithItsReason() {
    assertDropped(checks.chat(crypto.newRoomKey(), chat(content("hi", 1, NOW), alice), room), "token rejected");
    assertDropped(checks.chat(key, new Envelope.Chat("den", 2, chat(content("hi", 1, NOW), alice).token()), room),
        "another epoch");
    assertDropped(checks.chat(key, chat(content("hi", 1, NOW), crypto.newIdentity()), room), "bad signature");
    assertDropped(checks.chat(key, chat(new ChatContent(Envelope.VERSION, "elsewhere", 1, "alice", "id", 1, NOW,
        ChatContent.TEXT, null, "hi", ChatCrypto.contentHash("hi"), null), alice), room), "another room");
    assertDropped(checks.chat(key, chat(new ChatContent(Envelope.VERSION, "den", 1, "alice", "id", 1, NOW,
        ChatContent.TEXT, null, "hi", ChatCrypto.contentHash("ho"), null), alice), room), "content hash mismatch");
    assertDropped(checks.chat(key, chat(content("hi", 1, NOW + 61_000), alice), room), "in the future");
    room.joinedAt = NOW;
    assertDropped(checks.chat(key, chat(content("hi", 1, NOW - 6_000), alice), room), "before you joined");
    room.removed.add("alice");
    assertDropped(checks.chat(key, chat(content("hi", 1, NOW), alice), room), "was removed");
  }

  @Test
  void anUnknownAuthor_isDropped_andAChangedIdentityNotYetAccepted_isShownUnverified() {
    IdentityKeys stranger = crypto.newIdentity();
    ChatContent fromCarol = new ChatContent(Envelope.VERSION, "den", 1, "carol", "id", 1, NOW, ChatContent.TEXT, null,
        "hi", ChatCrypto.contentHash("hi"), null);
    assertDropped(checks.chat(key, chat(fromCarol, stranger), room), "whose identity we do not know");
    room.changed = IdentityPublicKey.of(stranger.publicKeyDer());
    ReceiveChecks.Verdict verdict = checks.chat(key, chat(fromCarol, stranger), room);
    assertThat(((ReceiveChecks.Accepted) verdict).verified()).isFalse();
  }

  @Test
  void aReplay_isDropped_andTheGuardIsNotTouchedByTheChecks() {
    Envelope.Chat once = chat(content("hi", 7, NOW), alice);
    ReceiveChecks.Accepted first = (ReceiveChecks.Accepted) checks.chat(key, once, room);
    assertThat(first.arrival().fresh()).isTrue();
    assertThat(checks.chat(key, once, room)).as("nothing recorded yet: still fresh").isInstanceOf(ReceiveChecks.Accepted.class);
    room.guard.record("alice", 1, "chat", 7);
    assertDropped(checks.chat(key, once, room), "replayed message");
    ReceiveChecks.Accepted afterGap = (ReceiveChecks.Accepted) checks.chat(key, chat(content("later", 10, NOW), alice), room);
    assertThat(afterGap.arrival().missingBefore()).isEqualTo(2);
  }

  private static void assertDropped(ReceiveChecks.Verdict verdict, String reason) {
    assertThat(verdict).isInstanceOf(ReceiveChecks.Dropped.class);
    assertThat(((ReceiveChecks.Dropped) verdict).reason()).contains(reason);
  }

  private ChatContent content(String text, long counter, long sentAt) {
    return new ChatContent(Envelope.VERSION, "den", 1, "alice", "id-" + counter, counter, sentAt, ChatContent.TEXT, null,
        text, ChatCrypto.contentHash(text), null);
  }

  private Envelope.Chat chat(ChatContent content, IdentityKeys signer) {
    ChatContent signed = content.withSignature(Signature.of(crypto.sign(signer, Purpose.CHAT, content.signedParts(null))));
    return new Envelope.Chat("den", content.epoch(), crypto.seal(key, codec.encodeContent(signed)));
  }

  /** What bob's session knows: alice's identity, whom it removed, when it joined. */
  final class Room implements ReceiveChecks.Known {
    final Set<String> removed = new HashSet<>();
    final ReplayGuard guard = ReplayGuard.inMemory();
    long joinedAt;
    IdentityPublicKey changed;

    @Override
    public IdentityPublicKey identityOf(String author) {
      return "alice".equals(author) ? IdentityPublicKey.of(alice.publicKeyDer()) : null;
    }

    @Override
    public IdentityPublicKey changedIdentityOf(String author) {
      return "carol".equals(author) ? changed : null;
    }

    @Override
    public boolean removed(String author) {
      return removed.contains(author);
    }

    @Override
    public long joinedAtMillis() {
      return joinedAt;
    }

    @Override
    public ReplayGuard.Arrival arrival(String author, long epoch, String kind, long counter) {
      return guard.arrival(author, epoch, kind, counter);
    }
  }
}
