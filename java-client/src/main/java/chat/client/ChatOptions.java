package chat.client;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.Invitation;
import chat.client.crypto.MemberKeys;
import chat.client.session.RoomSession;
import chat.wire.FrameLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
    char[] passphrase, Link link) {

  /**
   * How the client keeps its link to the relay (docs/RELIABILITY.md).
   *
   * @param replicas further relay URLs, tried in turn after {@code server} when a connection is lost
   * @param heartbeat heart-beats both ways; a link silent for two of them is treated as lost
   * @param reconnectFor how long to keep trying to reconnect before giving up (exit 5)
   * @param framesPerSecond the pace of frames sent to a relay that announces no limits (one that does
   *     is followed: four fifths of its rate), under the usual rate limit ({@link FrameLimits})
   * @param burst frames sent at once before the pace applies, likewise (three fifths of an announced burst)
   * @param queueLimit frames (typed lines among them) kept while the link is down; beyond it a line is refused
   * @param trustStore what {@code wss://} trusts: a PEM certificate file or a PKCS12/JKS store; null: the JVM's
   * @param trustStorePassword for a PKCS12/JKS trust store; null: none
   */
  public record Link(List<URI> replicas, Duration heartbeat, Duration reconnectFor, int framesPerSecond, int burst,
      int queueLimit, Path trustStore, char[] trustStorePassword) {
    /** Paced at four fifths of the relay's default rate and three fifths of its burst, heart-beats at its default. */
    public static final Link DEFAULT = new Link(List.of(), Duration.ofMillis(FrameLimits.DEFAULT_HEARTBEAT_MILLIS),
        Duration.ofMinutes(5), FrameLimits.DEFAULT_MESSAGES_PER_SECOND * 4 / 5, FrameLimits.DEFAULT_MESSAGE_BURST * 3 / 5,
        1000, null, null);

    public Link {
      replicas = List.copyOf(replicas);
    }

    public Link withReplicas(List<URI> more) {
      return new Link(more, heartbeat, reconnectFor, framesPerSecond, burst, queueLimit, trustStore, trustStorePassword);
    }

    public Link withHeartbeat(Duration every) {
      return new Link(replicas, every, reconnectFor, framesPerSecond, burst, queueLimit, trustStore, trustStorePassword);
    }

    public Link withReconnectFor(Duration forHowLong) {
      return new Link(replicas, heartbeat, forHowLong, framesPerSecond, burst, queueLimit, trustStore, trustStorePassword);
    }

    public Link trusting(Path store, char[] password) {
      return new Link(replicas, heartbeat, reconnectFor, framesPerSecond, burst, queueLimit, store, password);
    }

    @Override
    public String toString() {
      return "Link[replicas=" + replicas + ", heartbeat=" + heartbeat + ", trustStore=" + trustStore + "]";
    }
  }

  public static final String DEFAULT_SERVER_TEXT = "ws://127.0.0.1:5535/chat";
  public static final URI DEFAULT_SERVER = URI.create(DEFAULT_SERVER_TEXT);
  public static final String DEFAULT_ROOM = "lobby";
  public static final int MIN_RSA_BITS = MemberKeys.MIN_RSA_BITS;

  public static ChatOptions defaults(String member) {
    return new ChatOptions(DEFAULT_SERVER, member, DEFAULT_ROOM, null, MemberKeys.DEFAULT_RSA_BITS,
        Duration.ofSeconds(10), ChatCrypto.DEFAULT_TOKEN_TTL, RoomSession.Timing.DEFAULT, RoomSession.Rules.DEFAULT,
        null, null, Link.DEFAULT);
  }

  public ChatOptions withLink(Link newLink) {
    return new ChatOptions(server, member, room, accessToken, rsaBits, connectTimeout, tokenTtl, timing, rules, configDir,
        passphrase, newLink);
  }

  /** {@code server}, then the replicas: the order reconnecting tries them in. */
  public List<URI> servers() {
    List<URI> all = new java.util.ArrayList<>(List.of(server));
    link.replicas().stream().filter(u -> !u.equals(server)).forEach(all::add);
    return all;
  }

  public ChatOptions withServer(URI uri) {
    return new ChatOptions(uri, member, room, accessToken, rsaBits, connectTimeout, tokenTtl, timing, rules, configDir,
        passphrase, link);
  }

  public ChatOptions withRoom(String newRoom) {
    return new ChatOptions(server, member, newRoom, accessToken, rsaBits, connectTimeout, tokenTtl, timing, rules,
        configDir, passphrase, link);
  }

  public ChatOptions withAccessToken(String token) {
    return new ChatOptions(server, member, room, token, rsaBits, connectTimeout, tokenTtl, timing, rules, configDir,
        passphrase, link);
  }

  public ChatOptions withTiming(RoomSession.Timing newTiming) {
    return new ChatOptions(server, member, room, accessToken, rsaBits, connectTimeout, tokenTtl, newTiming, rules,
        configDir, passphrase, link);
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
        configDir, passphrase, link);
  }

  /** Who may join a room this user creates: {@code open}, {@code invite} or {@code approve}. */
  public ChatOptions withPolicy(String policy) {
    RoomSession.Policy chosen = RoomSession.Policy.fromWire(policy)
        .orElseThrow(() -> new IllegalArgumentException("the policy must be open, invite or approve"));
    return withRules(new RoomSession.Rules(chosen, rules.invitation(), rules.rekeyAfterMessages(),
        rules.rekeyInterval(), rules.epochGrace(), rules.createAnew(), rules.protection()));
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
        rules.rekeyAfterMessages(), rules.rekeyInterval(), rules.epochGrace(), rules.createAnew(), rules.protection()));
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
        rules.epochGrace(), rules.createAnew(), rules.protection()));
  }

  /** What key protection this client announces, and requires of a room it creates ({@code hybrid} or {@code rsa}). */
  public ChatOptions withKeyProtection(String name) {
    RoomSession.KeyProtection chosen = RoomSession.KeyProtection.fromWire(name).orElseThrow(
        () -> new IllegalArgumentException("--key-protection must be hybrid or rsa, not " + name));
    return withRules(rules.withProtection(chosen));
  }

  public ChatOptions withRsaBits(int bits) {
    return new ChatOptions(server, member, room, accessToken, bits, connectTimeout, tokenTtl, timing, rules, configDir,
        passphrase, link);
  }

  /** Where the identity and trust store live, and the identity file's passphrase (null: none). */
  public ChatOptions withIdentity(Path dir, char[] newPassphrase) {
    return new ChatOptions(server, member, room, accessToken, rsaBits, connectTimeout, tokenTtl, timing, rules, dir,
        newPassphrase, link);
  }

  @Override
  public String toString() {
    return "ChatOptions[server=" + server + ", member=" + member + ", room=" + room + "]";
  }
}
