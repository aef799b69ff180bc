package chat.client.cli;

import chat.client.ChatClient;
import chat.client.ChatOptions;
import chat.wire.MemberName;
import chat.wire.RoomDestination;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code java -jar java-client.jar --user bob}: join a room and chat, end-to-end encrypted. */
@Command(name = "java-client", mixinStandardHelpOptions = true, versionProvider = ChatCommand.Version.class,
    description = "End-to-end encrypted group chat over a blind STOMP relay.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:ok (/quit, Ctrl-D, or end of piped input)",
        "1:unexpected failure",
        "2:invalid options",
        "3:relay unreachable, or it refused us (its reason is shown)",
        "4:key exchange failed: cannot talk secretly",
        "5:connection to the relay lost and not restored within --reconnect-for"})
public final class ChatCommand implements Callable<Integer> {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-u", "--user"}, description = "Your name in the room (default: a random readable name).")
  String user;

  @Option(names = {"-s", "--server"}, paramLabel = "URL",
      description = "Relay WebSocket URL (default: ws://127.0.0.1:5535/chat). Give it again for replicas: after a cut"
          + " the client reconnects to the next one.")
  List<URI> servers;

  @Option(names = "--trust-store", paramLabel = "FILE",
      description = "For wss://: the relay's certificate or its CA (a PEM file), or a PKCS12/JKS store (password in"
          + " CHAT_TRUST_STORE_PASSWORD); default: the JVM's trust store. The host name is always checked.")
  Path trustStore;

  @Option(names = "--insecure", description = "Allow plain ws:// to a relay that is not on this machine (anyone on the"
      + " way then sees who talks when, and can cut the chat; the messages stay end-to-end encrypted).")
  boolean insecure;

  @Option(names = "--heartbeat", defaultValue = "10", paramLabel = "SECONDS",
      description = "Heart-beats to and from the relay; a link silent for two of them is treated as lost and"
          + " reconnected (default: ${DEFAULT-VALUE}).")
  double heartbeatSeconds;

  @Option(names = "--reconnect-for", defaultValue = "300", paramLabel = "SECONDS",
      description = "After a lost connection, how long to keep trying to reconnect before giving up with exit 5"
          + " (default: ${DEFAULT-VALUE}).")
  long reconnectSeconds;

  @Option(names = {"-r", "--room"}, defaultValue = "lobby", description = "Room to join (default: ${DEFAULT-VALUE}).")
  String room;

  @Option(names = "--token", defaultValue = "${env:CHAT_RELAY_TOKEN}",
      description = "The relay's access token, if it requires one (or set CHAT_RELAY_TOKEN).")
  String token;

  @Option(names = {"-v", "--verbose"}, description = "Also show dropped frames and what was sent.")
  boolean verbose;

  @Option(names = "--json", description = "One JSON object per line on stdout for every event (for scripts).")
  boolean json;

  @Option(names = "--rsa-bits", defaultValue = "3072", description = "RSA key size, at least 2048 (default: ${DEFAULT-VALUE}).")
  int rsaBits;

  @Option(names = "--join-wait", defaultValue = "1500",
      description = "Milliseconds to wait for the room key before deciding the room is empty (default: ${DEFAULT-VALUE}).")
  long joinWaitMillis;

  @Option(names = "--key-timeout", defaultValue = "10000",
      description = "Milliseconds to wait for the room key when members are present (default: ${DEFAULT-VALUE}).")
  long keyTimeoutMillis;

  @Option(names = "--policy", defaultValue = "open",
      description = "Admission policy if you create the room: open, invite or approve (default: ${DEFAULT-VALUE}).")
  String policy;

  @Option(names = "--invite", description = "Join with an invitation code from /invite (it names the room).")
  String inviteCode;

  @Option(names = "--config-dir",
      description = "Where your identity key and trust store live (default: $XDG_CONFIG_HOME/e2e-chat/USER, "
          + "else ~/.config/e2e-chat/USER). Set CHAT_IDENTITY_PASSPHRASE to protect the key with a passphrase.")
  Path configDir;

  @Option(names = "--rekey-messages", defaultValue = "500",
      description = "Move to a new room key after this many messages (default: ${DEFAULT-VALUE}).")
  int rekeyMessages;

  @Option(names = "--rekey-minutes", defaultValue = "30",
      description = "Move to a new room key after this many minutes (default: ${DEFAULT-VALUE}).")
  long rekeyMinutes;

  @Option(names = "--create", description = "Start a new room under this name if nobody gives you its key, even if "
      + "you were in a room of that name before (otherwise the client refuses, as a relay could hide the real one).")
  boolean create;

  @Option(names = "--approval-wait", defaultValue = "5", paramLabel = "MIN",
      description = "In a room that admits by approval, how many minutes to wait for a member to accept you "
          + "(default: ${DEFAULT-VALUE}).")
  long approvalWaitMinutes;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChatCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String member = user != null ? user : MemberNames.random(new SecureRandom());
    if (!MemberName.isValid(member)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--user must be " + MemberName.RULE);
    }
    if (!RoomDestination.isValidRoomName(room)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--room must be " + RoomDestination.RULE);
    }
    if (rsaBits < ChatOptions.MIN_RSA_BITS) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rsa-bits must be at least " + ChatOptions.MIN_RSA_BITS);
    }
    List<URI> given = servers == null || servers.isEmpty() ? List.of(ChatOptions.DEFAULT_SERVER) : servers;
    URI server = given.get(0);
    for (URI u : given) {
      String refusal = ServerRule.check(u, insecure);
      if (refusal != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), refusal);
      }
    }
    String trustPassword = System.getenv("CHAT_TRUST_STORE_PASSWORD");
    String passphrase = System.getenv("CHAT_IDENTITY_PASSPHRASE");
    ChatOptions options;
    try {
      options = ChatOptions.defaults(member).withServer(server).withRoom(room).withAccessToken(token)
          .withLink(ChatOptions.Link.DEFAULT.withReplicas(given.subList(1, given.size()))
              .withHeartbeat(Duration.ofMillis((long) (heartbeatSeconds * 1000)))
              .withReconnectFor(Duration.ofSeconds(reconnectSeconds))
              .trusting(trustStore, trustPassword == null || trustPassword.isEmpty() ? null : trustPassword.toCharArray()))
          .withRsaBits(rsaBits).withKeyWaits(Duration.ofMillis(joinWaitMillis), Duration.ofMillis(keyTimeoutMillis))
          .withPolicy(policy).withRekey(rekeyMessages, Duration.ofMinutes(rekeyMinutes))
          .withApprovalWait(Duration.ofMinutes(approvalWaitMinutes))
          .withIdentity(configDir != null ? configDir : defaultConfigDir(member),
              passphrase == null || passphrase.isEmpty() ? null : passphrase.toCharArray());
      if (inviteCode != null) {
        options = options.withInvitation(inviteCode);
      }
      if (create) {
        options = options.creatingAnew();
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    room = options.room();
    Output output = new Output(out, json, verbose);
    ConsoleEvents events = new ConsoleEvents(output);
    output.event("starting", "* " + member + " joining room " + room + " on " + server + " ...",
        Map.of("member", member, "room", room, "server", server.toString()));
    ChatClient opened;
    try {
      opened = new ChatClient(options, events);
    } catch (java.io.IOException e) {
      output.event("error", "! cannot open your identity in " + options.configDir() + ": " + e.getMessage(),
          Map.of("reason", String.valueOf(e.getMessage()), "exit", ExitCode.FAILURE));
      return ExitCode.FAILURE;
    }
    try (ChatClient client = opened) {
      try {
        client.connect();
      } catch (java.io.IOException e) {
        output.event("error", "! " + e.getMessage(), Map.of("reason", e.getMessage(), "exit", ExitCode.RELAY_UNREACHABLE));
        return ExitCode.RELAY_UNREACHABLE;
      }
      output.event("connected", "* connected as " + member + " (identity " + client.fingerprint() + "); waiting for the room key",
          Map.of("member", member, "fingerprint", client.fingerprint()));
      if (!events.keyed.get()) {
        return events.ended.getNow(ExitCode.FAILURE);
      }
      events.deliveries.watch();
      Thread input = new Thread(() -> readInput(client, output, events), "input");
      input.setDaemon(true);
      input.start();
      int code = events.ended.get();
      if (code == ExitCode.OK) {
        code = sendTheRest(client, output, events);
      }
      if (code == ExitCode.OK) {
        output.event("bye", "* bye", Map.of());
      }
      return code;
    }
  }

  /**
   * At the end of input, what is still queued (a long paste goes out at the relay's pace, lines
   * typed offline wait for the link): waits while it moves, says so, and says what never left.
   */
  private static int sendTheRest(ChatClient client, Output output, ConsoleEvents events) throws InterruptedException {
    int left = client.unconfirmed();
    if (left > 0) {
      output.event("sending", "* sending " + (left == 1 ? "the message" : "the " + left + " messages")
          + " still queued...", Map.of("queued", left));
    }
    long lastProgress = System.nanoTime();
    while (left > 0 && !events.broken.isDone()) {
      Thread.sleep(100);
      int now = client.unconfirmed();
      if (now < left || !client.online()) { // offline: the link itself gives up after its reconnect time
        lastProgress = System.nanoTime();
      }
      left = now;
      if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(15)) {
        output.event("notice", "! " + left + " messages were not confirmed by the relay", Map.of("unconfirmed", left));
        return ExitCode.CONNECTION_LOST;
      }
    }
    return events.broken.getNow(ExitCode.OK);
  }

  static Path defaultConfigDir(String member) {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("e2e-chat").resolve(member);
  }

  private void readInput(ChatClient client, Output output, ConsoleEvents events) {
    ChatLoop loop = new ChatLoop(client, output);
    try {
      if (System.console() != null && !json) {
        new InteractiveConsole(loop, output).run();
      } else {
        loop.readAll(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
      }
      events.ended.complete(ExitCode.OK);
    } catch (Exception e) {
      output.event("error", "! input failed: " + e.getMessage(), Map.of("reason", String.valueOf(e.getMessage())));
      events.ended.complete(ExitCode.FAILURE);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ChatCommand.class.getPackage().getImplementationVersion();
      return new String[] {"java-client " + (version == null ? "(development build)" : version)};
    }
  }
}
