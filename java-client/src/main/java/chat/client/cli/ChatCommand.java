package chat.client.cli;

import chat.client.ChatOptions;
import chat.wire.MemberName;
import chat.wire.RoomDestination;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code java -jar java-client.jar --user bob}: join a room and chat, end-to-end encrypted. */
@Command(name = "java -jar java-client.jar", mixinStandardHelpOptions = true, versionProvider = ChatCommand.Version.class,
    abbreviateSynopsis = true, sortOptions = false,
    description = "End-to-end encrypted group chat over a blind STOMP relay.",
    footerHeading = "%nIn the chat:%n", footer = "${chat.commands}",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:ok (/quit, Ctrl-D, Ctrl-C, or end of piped input)",
        "1:unexpected failure",
        "2:invalid options",
        "3:relay unreachable, or it refused us (its reason is shown)",
        "4:key exchange failed: cannot talk secretly",
        "5:connection to the relay lost and not restored within --reconnect-for"})
public final class ChatCommand implements Callable<Integer> {

  @Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = {"-u", "--user"}, paramLabel = "NAME", description = "Your name in the room (default: the random name this machine"
      + " used last, or a new one).")
  String user;

  @Option(names = "--new-identity", description = "Without --user: a new random name and identity key, not the last.")
  boolean newIdentity;

  @Option(names = {"-r", "--room"}, paramLabel = "ROOM", defaultValue = "lobby", description = "Room to join (default: ${DEFAULT-VALUE}).")
  String room;

  @Option(names = {"-s", "--server"}, paramLabel = "URL", split = ",", description = {"The relay's WebSocket URL;"
      + " several (comma-separated, or the option again): replicas, tried in turn after a cut. Default:",
      ChatOptions.DEFAULT_SERVER_TEXT})
  List<URI> servers;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CHAT_RELAY_TOKEN}",
      description = "The relay's access token, if it requires one (or set CHAT_RELAY_TOKEN).")
  String token;

  @Option(names = "--trust-store", paramLabel = "FILE",
      description = "For wss://: the relay's certificate or its CA (PEM), or a PKCS12/JKS store (password in"
          + " CHAT_TRUST_STORE_PASSWORD); default: the JVM's. The host name is always checked.")
  Path trustStore;

  @Option(names = "--insecure", description = "Allow plain ws:// to a relay on another machine (anyone on the"
      + " way sees who talks when and can cut the chat; messages stay end-to-end encrypted).")
  boolean insecure;

  @Option(names = "--config-dir", paramLabel = "DIR", description = "Where your identity key and trust store live"
      + " (default: ~/.config/e2e-chat/USER, or under $XDG_CONFIG_HOME).")
  Path configDir;

  @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Read the identity key's passphrase from"
      + " the first line of FILE (or set CHAT_IDENTITY_PASSPHRASE; on a terminal it is asked for when needed).")
  Path passphraseFile;

  @Option(names = "--config", paramLabel = "FILE", description = "Defaults for these options, one per line as"
      + " name=value (default: ~/.config/e2e-chat/config); the command line wins.")
  Path config;

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "Colour names and warnings: auto (on a terminal, unless NO_COLOR is set), always or never.")
  String color;

  @Option(names = "--time-format", paramLabel = "PATTERN", description = "Local time in front of every line, as"
      + " java.time formats it (default: HH:mm on a terminal, none in a pipe); 'none' for none.")
  String timeFormat;

  @Option(names = {"-v", "--verbose"}, description = "Also show key details, dropped frames and what was sent.")
  boolean verbose;

  @Option(names = "--json", description = "One JSON object per line on stdout for every event (for scripts).")
  boolean json;

  @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "open",
      description = "If you create the room, who gets in: open, invite or approve (default: ${DEFAULT-VALUE}).")
  String policy;

  @Option(names = "--key-protection", paramLabel = "KIND", defaultValue = "hybrid", description = "How room keys"
      + " reach you: hybrid (RSA-OAEP and ML-KEM-768, post-quantum) or rsa (the original design); a room you create"
      + " requires it (default: ${DEFAULT-VALUE}).")
  String keyProtection;

  @Option(names = "--invite", paramLabel = "CODE", description = "Join with an invitation from /invite.")
  String inviteCode;

  @Option(names = "--create", description = "Start a new room under this name if nobody gives you its key, even if "
      + "you were in a room of that name before (otherwise refused: a relay could hide the real one).")
  boolean create;

  @Option(names = "--heartbeat", defaultValue = "10", paramLabel = "SECONDS", description = "Heart-beats to and"
      + " from the relay; a link silent for two is lost and reconnected (default: ${DEFAULT-VALUE}).")
  double heartbeatSeconds;

  @Option(names = "--reconnect-for", defaultValue = "300", paramLabel = "SECONDS",
      description = "How long to keep reconnecting before giving up with exit 5 (default: ${DEFAULT-VALUE}).")
  long reconnectSeconds;

  @Option(names = "--join-wait", defaultValue = "1500", paramLabel = "MS", description = "How long to wait for the"
      + " room key before deciding the room is empty (default: ${DEFAULT-VALUE}).")
  long joinWaitMillis;

  @Option(names = "--key-timeout", defaultValue = "10000", paramLabel = "MS",
      description = "How long to wait for the room key when members are present (default: ${DEFAULT-VALUE}).")
  long keyTimeoutMillis;

  @Option(names = "--approval-wait", defaultValue = "5", paramLabel = "MIN", description = "In a room that admits"
      + " by approval, how long to wait for a member to accept you (default: ${DEFAULT-VALUE}).")
  long approvalWaitMinutes;

  @Option(names = "--rekey-messages", defaultValue = "500", paramLabel = "N",
      description = "Move to a new room key after this many messages (default: ${DEFAULT-VALUE}).")
  int rekeyMessages;

  @Option(names = "--rekey-minutes", defaultValue = "30", paramLabel = "MIN",
      description = "Move to a new room key after this many minutes (default: ${DEFAULT-VALUE}).")
  long rekeyMinutes;

  @Option(names = "--rsa-bits", defaultValue = "3072", paramLabel = "BITS",
      description = "RSA key size, at least 2048 (default: ${DEFAULT-VALUE}).")
  int rsaBits;

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /** The command with its error reports and its config file (the one --config names, or the default). */
  static CommandLine commandLine(String[] args) {
    System.setProperty("chat.commands", ChatLoop.COMMANDS.help().replace("%", "%%").replace("\n", "%n"));
    CommandLine line = new CommandLine(new ChatCommand());
    ErrorReports errors = new ErrorReports();
    line.setParameterExceptionHandler(errors).setExecutionExceptionHandler(errors);
    Path file = ConfigFile.location(args);
    if (Files.isRegularFile(file)) {
      line.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(file.toFile()));
    }
    return line;
  }

  @Override
  public Integer call() throws Exception {
    Checks checks = new Checks(spec.commandLine());
    checks.positive("--heartbeat", heartbeatSeconds);
    checks.positive("--reconnect-for", reconnectSeconds);
    checks.positive("--join-wait", joinWaitMillis);
    checks.positive("--key-timeout", keyTimeoutMillis);
    checks.positive("--approval-wait", approvalWaitMinutes);
    checks.positive("--rekey-messages", rekeyMessages);
    checks.positive("--rekey-minutes", rekeyMinutes);
    checks.rule(rsaBits >= ChatOptions.MIN_RSA_BITS, "--rsa-bits must be at least " + ChatOptions.MIN_RSA_BITS);
    checks.rule(user == null || MemberName.isValid(user), "--user must be " + MemberName.RULE);
    checks.rule(RoomDestination.isValidRoomName(room), "--room must be " + RoomDestination.RULE);
    checks.rule(List.of("auto", "always", "never").contains(color), "--color must be auto, always or never");
    checks.rule(passphraseFile == null || Files.isReadable(passphraseFile),
        "--passphrase-file " + passphraseFile + " cannot be read");
    List<URI> given = servers == null || servers.isEmpty() ? List.of(ChatOptions.DEFAULT_SERVER) : servers;
    given.forEach(u -> checks.rule(ServerRule.check(u, insecure) == null, ServerRule.check(u, insecure)));
    DateTimeFormatter time = checks.timeFormat(timeFormat, System.console() != null && !json);

    IdentityChoice identities = new IdentityChoice(IdentityChoice.defaultBase());
    String member = user != null ? user : identities.randomName(newIdentity, new SecureRandom());
    Path identityDir = configDir != null ? configDir : identities.directoryOf(member);
    Screen screen = new Screen(colour(), time, java.time.Clock.systemDefaultZone());
    Output output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), json, verbose, screen);
    char[] passphrase = Passphrase.obtain(passphraseFile, identityDir, System.console(), output);
    String trustPassword = System.getenv("CHAT_TRUST_STORE_PASSWORD");
    ChatOptions options;
    try {
      options = ChatOptions.defaults(member).withServer(given.get(0)).withRoom(room).withAccessToken(token)
          .withLink(ChatOptions.Link.DEFAULT.withReplicas(given.subList(1, given.size()))
              .withHeartbeat(Duration.ofMillis((long) (heartbeatSeconds * 1000)))
              .withReconnectFor(Duration.ofSeconds(reconnectSeconds))
              .trusting(trustStore, trustPassword == null || trustPassword.isEmpty() ? null : trustPassword.toCharArray()))
          .withRsaBits(rsaBits).withKeyWaits(Duration.ofMillis(joinWaitMillis), Duration.ofMillis(keyTimeoutMillis))
          .withPolicy(policy).withKeyProtection(keyProtection).withRekey(rekeyMessages, Duration.ofMinutes(rekeyMinutes))
          .withApprovalWait(Duration.ofMinutes(approvalWaitMinutes)).withIdentity(identityDir, passphrase);
      if (inviteCode != null) {
        options = options.withInvitation(inviteCode);
      }
      if (create) {
        options = options.creatingAnew();
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return new ChatRun(options, output, !IdentityChoice.exists(identityDir), user == null).run();
  }

  private boolean colour() {
    String noColor = System.getenv("NO_COLOR");
    return switch (color) {
      case "always" -> true;
      case "never" -> false;
      default -> !json && System.console() != null && (noColor == null || noColor.isEmpty());
    };
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ChatCommand.class.getPackage().getImplementationVersion();
      return new String[] {"java-client " + (version == null ? "(development build)" : version)};
    }
  }
}
