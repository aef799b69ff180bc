package chat.client;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.Invitation;
import chat.client.crypto.MemberKeys;
import chat.client.session.RoomSession;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of one chat connection. The {@code with…} methods that take a user's words (a policy
 * name, an invitation code) check them and say what is wrong in an {@link IllegalArgumentException}.
 *
 * @param configDir where the identity key and trust store live; null: a fresh identity and an
 *     in-memory trust store (tests, throwaway sessions)
 * @param passphrase protects the identity key file; null: none
 */
public record ChatOptions(URI server, String member, String room, String accessToken, int rsaBits,
    Duration connectTimeout, Duration tokenTtl, RoomSession.Timing timing, RoomSession.Rules rules, Path configDir,
    char[] passphrase) {

  public static final URI DEFAULT_SERVER = URI.create("ws://127.0.0.1:5535/chat");
  public static final String DEFAULT_ROOM = "lobby";
  public static final int MIN_RSA_BITS = MemberKeys.MIN_RSA_BITS;

  public static ChatOptions defaults(String member) {
    return new ChatOptions(DEFAULT_SERVER, member, DEFAULT_ROOM, null, MemberKeys.DEFAULT_RSA_BITS,
        Duration.ofSeconds(10), ChatCrypto.DEFAULT_TOKEN_TTL, RoomSession.Timing.DEFAULT, RoomSession.Rules.DEFAULT,
        null, null);
  }

  public ChatOptions withServer(URI uri) {
    return new ChatOptions(uri, member, room, accessToken, rsaBits, connectTimeout, tokenTtl, timing, rules, configDir,
        passphrase);
  }

  public ChatOptions withRoom(String newRoom) {
    return new ChatOptions(server, member, newRoom, accessToken, rsaBits, connectTimeout, tokenTtl, timing, rules,
        configDir, passphrase);
  }

  public ChatOptions withAccessToken(String token) {
    return new ChatOptions(server, member, room, token, rsaBits, connectTimeout, tokenTtl, timing, rules, configDir,
        passphrase);
  }

  public ChatOptions withTiming(RoomSession.Timing newTiming) {
    return new ChatOptions(server, member, room, accessToken, rsaBits, connectTimeout, tokenTtl, newTiming, rules,
        configDir, passphrase);
  }

  /** How long to wait for a key after joining before creating the room, and for the key at all. */
  public ChatOptions withKeyWaits(Duration joinWait, Duration keyTimeout) {
    return withTiming(new RoomSession.Timing(joinWait, keyTimeout, timing.answerStep(), timing.approvalWait()));
  }

  /** How long a newcomer of an {@code approve} room waits for a member to accept it. */
  public ChatOptions withApprovalWait(Duration wait) {
    if (wait.isNegative() || wait.isZero()) {
      throw new IllegalArgumentException("the approval wait must be positive");
    }
    return withTiming(new RoomSession.Timing(timing.joinWait(), timing.keyTimeout(), timing.answerStep(), wait));
  }

  public ChatOptions withRules(RoomSession.Rules newRules) {
    return new ChatOptions(server, member, room, accessToken, rsaBits, connectTimeout, tokenTtl, timing, newRules,
        configDir, passphrase);
  }

  /** Who may join a room this user creates: {@code open}, {@code invite} or {@code approve}. */
  public ChatOptions withPolicy(String policy) {
    RoomSession.Policy chosen = RoomSession.Policy.fromWire(policy)
        .orElseThrow(() -> new IllegalArgumentException("the policy must be open, invite or approve"));
    return withRules(new RoomSession.Rules(chosen, rules.invitation(), rules.rekeyAfterMessages(),
        rules.rekeyInterval(), rules.epochGrace(), rules.createAnew()));
  }

  /** Joins with an invitation code; the code names the room, which replaces this one's. */
  public ChatOptions withInvitation(String code) {
    Invitation invitation;
    try {
      invitation = Invitation.parse(code);
    } catch (CryptoException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return withRoom(invitation.room()).withRules(new RoomSession.Rules(rules.policy(), invitation,
        rules.rekeyAfterMessages(), rules.rekeyInterval(), rules.epochGrace(), rules.createAnew()));
  }

  /** Starts a new room under this name if nobody gives its key, even one this user was in before. */
  public ChatOptions creatingAnew() {
    return withRules(rules.creatingAnew());
  }

  /** Moves the room to a new key after this many messages or this long, whichever comes first. */
  public ChatOptions withRekey(int afterMessages, Duration interval) {
    if (afterMessages < 1 || interval.toMinutes() < 1) {
      throw new IllegalArgumentException("rekeying needs at least 1 message and 1 minute");
    }
    return withRules(new RoomSession.Rules(rules.policy(), rules.invitation(), afterMessages, interval,
        rules.epochGrace(), rules.createAnew()));
  }

  public ChatOptions withRsaBits(int bits) {
    return new ChatOptions(server, member, room, accessToken, bits, connectTimeout, tokenTtl, timing, rules, configDir,
        passphrase);
  }

  /** Where the identity and trust store live, and the identity file's passphrase (null: none). */
  public ChatOptions withIdentity(Path dir, char[] newPassphrase) {
    return new ChatOptions(server, member, room, accessToken, rsaBits, connectTimeout, tokenTtl, timing, rules, dir,
        newPassphrase);
  }

  @Override
  public String toString() {
    return "ChatOptions[server=" + server + ", member=" + member + ", room=" + room + "]";
  }
}
