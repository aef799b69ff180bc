package chat.client.cli;

import chat.client.ChatClient;
import chat.client.ChatOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One chat, from connecting to the last line sent: what the command does once its options hold. */
final class ChatRun {

  private final ChatOptions options;
  private final Output output;
  private final boolean newIdentity;
  private final boolean randomName;
  private volatile InteractiveConsole console;

  /**
   * @param newIdentity whether this run makes the identity key (said once, with where it lives)
   * @param randomName whether the name was chosen for the user (said, with how to choose one)
   */
  ChatRun(ChatOptions options, Output output, boolean newIdentity, boolean randomName) {
    this.options = options;
    this.output = output;
    this.newIdentity = newIdentity;
    this.randomName = randomName;
  }

  int run() throws Exception {
    String member = options.member();
    ConsoleEvents events = new ConsoleEvents(output, options.room());
    output.event("starting", "* " + member + (randomName ? " (a random name, kept for next time; --user sets one)" : "")
        + " joining room " + options.room() + " on " + options.server() + " ...",
        Map.of("member", member, "room", options.room(), "server", options.server().toString()));
    ChatClient opened;
    try {
      opened = new ChatClient(options, events);
    } catch (java.io.IOException e) {
      output.failure("error", "! cannot open your identity in " + options.configDir() + ": " + e.getMessage(),
          Map.of("reason", String.valueOf(e.getMessage()), "exit", ExitCode.FAILURE));
      return ExitCode.FAILURE;
    }
    if (newIdentity) {
      output.event("identity-created", "* made your identity key in " + options.configDir() + " (keep it private)", Map.of("dir", options.configDir().toString()));
    }
    try (ChatClient client = opened) {
      events.verifiedBy(client::isVerified);
      try {
        client.connect();
      } catch (java.io.IOException e) {
        output.failure("error", "! " + e.getMessage(), Map.of("reason", e.getMessage(), "exit", ExitCode.RELAY_UNREACHABLE));
        return ExitCode.RELAY_UNREACHABLE;
      }
      output.event("connected", "* connected as " + member + ", identity " + client.fingerprint(), Map.of("member", member, "fingerprint", client.fingerprint()));
      if (!events.keyed.get()) {
        return events.ended.getNow(ExitCode.FAILURE);
      }
      events.deliveries.watch();
      Thread input = new Thread(() -> readInput(client, events), "input");
      input.setDaemon(true);
      input.start();
      int code = events.ended.get();
      if (code == ExitCode.OK) {
        code = sendTheRest(client, events);
      }
      if (code == ExitCode.OK) {
        output.event("bye", "* bye", Map.of());
      }
      return code;
    } finally {
      InteractiveConsole open = console;
      if (open != null) {
        open.close();
      }
    }
  }

  /**
   * At the end of input, what is still queued (a long paste goes out at the relay's pace, lines
   * typed offline wait for the link): waits while it moves, says so, and says what never left.
   */
  private int sendTheRest(ChatClient client, ConsoleEvents events) throws InterruptedException {
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

  private void readInput(ChatClient client, ConsoleEvents events) {
    ChatLoop loop = new ChatLoop(client, output);
    try {
      if (System.console() != null && !output.json()) {
        console = new InteractiveConsole(loop, output, new StatusLine(client, events));
        console.run();
      } else {
        loop.readAll(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
      }
      events.ended.complete(ExitCode.OK);
    } catch (Exception e) {
      output.failure("error", "! input failed: " + e.getMessage(), Map.of("reason", String.valueOf(e.getMessage())));
      events.ended.complete(ExitCode.FAILURE);
    }
  }
}
