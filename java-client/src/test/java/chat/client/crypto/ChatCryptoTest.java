package chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCryptoTest {

  static final MemberKeys BOB = MemberKeys.generate(2048, new SecureRandom());
  final ChatCrypto crypto = ChatCrypto.createDefault();

  @Test
  void seal_thenOpen_returnsThePayload() throws Exception {
    RoomKey key = crypto.newRoomKey();
    for (String text : List.of("", "hi", "ünïcødé ✓", "x".repeat(16 * 1024))) {
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      assertThat(crypto.open(key, crypto.seal(key, payload))).isEqualTo(payload);
    }
  }

  @Test
  void seal_usesAFreshIvEachTime() {
    RoomKey key = crypto.newRoomKey();
    assertThat(crypto.seal(key, new byte[] {1})).isNotEqualTo(crypto.seal(key, new byte[] {1}));
  }

  @Test
  void open_rejectsEveryFlippedBitOfTheToken() {
    RoomKey key = crypto.newRoomKey();
    String token = crypto.seal(key, "attack at dawn".getBytes(StandardCharsets.UTF_8));
    byte[] raw = Base64.getUrlDecoder().decode(token);
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < raw.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = raw.clone();
        tampered[i] ^= (byte) (1 << bit);
        try {
          crypto.open(key, Base64.getUrlEncoder().encodeToString(tampered));
          accepted.add("byte " + i + " bit " + bit);
        } catch (CryptoException expected) {
          // rejected, as it must be
        }
      }
    }
    assertThat(accepted).as("tampered tokens that were accepted").isEmpty();
  }

  @Test
  void open_rejectsTruncatedAndGarbageTokens() {
    RoomKey key = crypto.newRoomKey();
    String token = crypto.seal(key, new byte[] {42});
    assertThatThrownBy(() -> crypto.open(key, token.substring(0, token.length() - 4))).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> crypto.open(key, "not a token!")).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> crypto.open(key, "")).isInstanceOf(CryptoException.class);
  }

  @Test
  void open_rejectsATokenUnderAnotherKey() {
    String token = crypto.seal(crypto.newRoomKey(), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> crypto.open(crypto.newRoomKey(), token)).isInstanceOf(CryptoException.class)
        .hasMessage("fernet token rejected");
  }

  @Test
  void open_rejectsTokensOlderThanTheTtl_andFromTooFarInTheFuture() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    ChatCrypto reader = new ChatCrypto(new SecureRandom(), clock, Duration.ofMinutes(5));
    RoomKey key = reader.newRoomKey();
    String token = reader.seal(key, new byte[] {7}); // stamped with the real time: now

    assertThat(reader.open(key, token)).containsExactly(7);
    clock.now = clock.now.plus(Duration.ofMinutes(4));
    assertThat(reader.open(key, token)).containsExactly(7);
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    assertThatThrownBy(() -> reader.open(key, token)).isInstanceOf(CryptoException.class);
    clock.now = Instant.now().minus(Duration.ofMinutes(3)); // the token claims to be from the future
    assertThatThrownBy(() -> reader.open(key, token)).isInstanceOf(CryptoException.class);
  }

  @Test
  void wrappedRoomKey_unwrapsOnlyWithTheRecipientsPrivateKey() throws Exception {
    RoomKey key = crypto.newRoomKey();
    byte[] wrapped = crypto.wrapRoomKey(key, BOB.publicKeyDer());
    assertThat(crypto.unwrapRoomKey(BOB, wrapped)).isEqualTo(key);

    MemberKeys mallory = MemberKeys.generate(2048, new SecureRandom());
    assertThatThrownBy(() -> crypto.unwrapRoomKey(mallory, wrapped)).isInstanceOf(CryptoException.class);
    wrapped[wrapped.length / 2] ^= 1;
    assertThatThrownBy(() -> crypto.unwrapRoomKey(BOB, wrapped)).isInstanceOf(CryptoException.class);
  }

  @Test
  void unwrap_refusesAWellWrappedSecretThatIsNotARoomKey() throws Exception {
    byte[] wrapped = new RsaOaepKeyWrapper().wrap(MemberKeys.parsePublicKey(BOB.publicKeyDer()),
        "too short".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> crypto.unwrapRoomKey(BOB, wrapped)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("room key");
  }

  @Test
  void publicKeys_underTheMinimumOrNotRsa_areRefused() {
    assertThatThrownBy(() -> MemberKeys.generate(1024, new SecureRandom())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MemberKeys.parsePublicKey(new byte[] {1, 2, 3})).isInstanceOf(CryptoException.class);
  }

  @Test
  void contentHash_detectsAnyChange() {
    String hash = ChatCrypto.contentHash("hello");
    assertThat(hash).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(ChatCrypto.sameHash(hash, ChatCrypto.contentHash("hello"))).isTrue();
    assertThat(ChatCrypto.sameHash(hash, ChatCrypto.contentHash("hellO"))).isFalse();
    assertThat(ChatCrypto.sameHash(hash, null)).isFalse();
  }

  @Test
  void keysNeverPrintTheirSecrets() {
    RoomKey key = crypto.newRoomKey();
    assertThat(key.toString()).doesNotContain(key.toFernetString()).contains(key.id());
    assertThat(BOB.toString()).doesNotContain(Base64.getEncoder().encodeToString(BOB.privateKey().getEncoded()));
  }

  static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
