package chat.client.cli;

import chat.client.ChatClient;
import chat.client.session.Roster;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What a line typed (or piped) in means: a slash command or a message. */
final class ChatLoop {

  static final String HELP = String.join("\n",
      "/help         this help",
      "/who          members this client knows, with their key fingerprints",
      "/quit         leave (Ctrl-D too)",
      "anything else is sent to the room, end-to-end encrypted");

  private final ChatClient client;
  private final Output output;

  ChatLoop(ChatClient client, Output output) {
    this.client = client;
    this.output = output;
  }

  /** Handles one line; returns false when the user asked to quit. */
  boolean handle(String line) {
    String text = line.strip();
    if (text.isEmpty()) {
      return true;
    }
    switch (text) {
      case "/quit", "/exit" -> {
        return false;
      }
      case "/help" -> output.event("help", HELP, Map.of("text", HELP));
      case "/who" -> who();
      default -> {
        if (text.startsWith("/")) {
          output.event("notice", "* unknown command " + text.split("\\s+")[0] + " (try /help)",
              Map.of("text", "unknown command"));
        } else {
          send(line);
        }
      }
    }
    return true;
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
      Optional<String> id = client.say(text).get(10, TimeUnit.SECONDS);
      if (id.isPresent()) {
        output.detail("sent", null, Map.of("id", id.get(), "text", text));
      } else {
        output.event("notice", "* not sent: the room key is not held", Map.of("text", "not sent"));
      }
    } catch (Exception e) {
      output.event("notice", "* not sent: " + e.getMessage(), Map.of("text", "not sent"));
    }
  }

  private void who() {
    try {
      List<Roster.Member> members = client.members().get(5, TimeUnit.SECONDS);
      StringBuilder human = new StringBuilder("* you: " + client.options().member() + " (key " + client.fingerprint() + ")");
      for (Roster.Member m : members) {
        human.append("\n* ").append(m.name()).append(" (key ").append(m.fingerprint()).append(")")
            .append(m.keyed() ? "" : " [no room key yet]");
      }
      output.event("who", human.toString(), Map.of("me", client.options().member(),
          "members", members.stream().map(Roster.Member::name).toList()));
    } catch (Exception e) {
      output.event("notice", "* /who failed: " + e.getMessage(), Map.of("text", "who failed"));
    }
  }
}
