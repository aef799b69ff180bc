package chat.client.cli;

import static chat.client.cli.ConsoleEvents.fields;

import chat.client.ChatClient;
import chat.client.cli.command.CommandContext;
import chat.client.cli.command.SlashCommand;
import chat.client.cli.command.SlashCommands;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** What a line typed (or piped) in means: a slash command ({@link SlashCommands}) or a message. */
final class ChatLoop {

  static final SlashCommands COMMANDS = new SlashCommands();

  private final ChatClient client;
  private final Output output;
  private final CommandContext context;
  private volatile boolean echo;

  ChatLoop(ChatClient client, Output output) {
    this.client = client;
    this.output = output;
    this.context = new CommandContext(client, new CommandContext.Out() {
      @Override
      public void event(String event, String human, Map<String, Object> fields) {
        output.event(event, human, fields);
      }

      @Override
      public String name(String member, boolean verified) {
        return output.screen().name(member, verified);
      }
    });
  }

  /**
   * On a terminal, where the line typed is erased once entered: each line sent is shown as the
   * others see it (time, your name); a pipe's lines are its input and are not repeated.
   */
  void echoOwnLines() {
    echo = true;
  }

  /** Handles one line; returns false when the user asked to quit. */
  boolean handle(String line) {
    String text = line.strip();
    if (text.isEmpty()) {
      return true;
    }
    if (!line.startsWith("/")) { // " /shrug", with a space first, is a message
      send(line);
      return true;
    }
    int space = text.indexOf(' ');
    String name = space < 0 ? text : text.substring(0, space);
    Optional<SlashCommand> command = COMMANDS.find(name);
    if (command.isEmpty()) {
      output.event("notice", "* unknown command " + name + ": /help lists them (a line starting with / is never sent;"
          + " start it with a space to send it)", fields("text", "unknown command", "command", name));
      return true;
    }
    SlashCommand c = command.get();
    String[] args = SlashCommands.arguments(space < 0 ? "" : text.substring(space + 1), c.required());
    if (args.length < c.required()) {
      output.event("notice", "* usage: " + c.usage() + " (" + c.help() + ")", fields("text", "usage",
          "usage", c.usage()));
      return true;
    }
    try {
      return c.run(args, context);
    } catch (RuntimeException e) {
      output.event("notice", "! " + name + " failed: " + e.getMessage(), fields("text", "failed", "command", name,
          "reason", String.valueOf(e.getMessage())));
      return true;
    }
  }

  /** Reads lines until end of input or /quit (for a pipe or a non-terminal stdin). */
  void readAll(BufferedReader in) throws IOException {
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!handle(line)) {
        return;
      }
    }
  }

  private void send(String text) {
    try {
      if (!client.online()) {
        boolean kept = client.queue(text);
        output.event(kept ? "queued" : "notice", kept ? (echo ? output.screen().name(client.options().member(), false)
            + ": " + text + "\n" : "") + "* offline: kept, it goes out when the relay is back ("
            + client.queued() + " waiting)" : "* not sent: " + client.queued() + " lines already wait for the relay",
            fields("text", text, "queued", kept));
        return;
      }
      Optional<String> id = context.await(client.say(text)); // its delivery state: Deliveries
      if (id.isPresent() && echo) {
        output.event("own", output.screen().name(client.options().member(), false) + ": " + text, fields());
      } else if (id.isEmpty()) {
        output.event("notice", "* not sent: the room key is not held", fields("text", "not sent"));
      }
    } catch (RuntimeException e) {
      output.event("notice", "* not sent: " + e.getMessage(), fields("text", "not sent", "reason", e.getMessage()));
    }
  }
}
