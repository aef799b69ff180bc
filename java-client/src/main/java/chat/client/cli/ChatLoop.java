package chat.client.cli;

import static chat.client.cli.ConsoleEvents.fields;

import chat.client.ChatClient;
import chat.client.MemberView;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What a line typed (or piped) in means: a slash command or a message. */
final class ChatLoop {

  static final String HELP = String.join("\n",
      "/help                    this help",
      "/who                     members this client knows, with identity fingerprints and trust",
      "/fingerprint             your own identity fingerprint, to read out to others",
      "/verify USER FINGERPRINT mark USER verified after comparing fingerprints out of band",
      "/trust USER              accept USER's new identity key after a change warning",
      "/msg USER TEXT           a private message only USER can read",
      "/invite                  an invitation code for this room (invite rooms)",
      "/accept USER             let USER in (approve rooms)",
      "/refuse USER             turn USER away; they are told (approve rooms)",
      "/kick USER               remove USER and rekey (the room's creator only)",
      "/quit                    leave (Ctrl-D too)",
      "anything else is sent to the room, end-to-end encrypted and signed");

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
    if (!text.startsWith("/")) {
      send(line);
      return true;
    }
    String[] words = text.split("\\s+", 3);
    String arg = words.length > 1 ? words[1] : null;
    switch (words[0]) {
      case "/quit", "/exit" -> {
        return false;
      }
      case "/help" -> output.event("help", HELP, fields("text", HELP));
      case "/who" -> who();
      case "/fingerprint" -> output.event("fingerprint", "* your identity fingerprint: " + client.fingerprint(),
          fields("fingerprint", client.fingerprint()));
      case "/verify" -> verify(arg, words.length > 2 ? words[2] : null);
      case "/trust" -> whenGiven(arg, "/trust USER", () -> done("trust", arg, await(client.trustNewIdentity(arg)),
          "now trusting " + arg + "'s new identity key", "no changed identity key to accept for " + arg));
      case "/msg" -> direct(arg, words.length > 2 ? words[2] : null);
      case "/invite" -> invite();
      case "/accept" -> whenGiven(arg, "/accept USER", () -> done("accept", arg, await(client.accept(arg)),
          "let " + arg + " in", "nobody called " + arg + " is waiting to join"));
      case "/refuse" -> whenGiven(arg, "/refuse USER", () -> done("refuse", arg, await(client.refuse(arg)),
          "turned " + arg + " away; they were told", "nobody called " + arg + " is waiting to join"));
      case "/kick" -> whenGiven(arg, "/kick USER", () -> done("kick", arg, await(client.kick(arg)),
          "removed " + arg + "; the room moves to a new key", "only the room's creator can remove members, and not themselves"));
      default -> output.event("notice", "* unknown command " + words[0] + " (try /help)", fields("text", "unknown command"));
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
      if (!client.online()) {
        boolean kept = client.queue(text);
        output.event(kept ? "queued" : "notice", kept ? "* offline: kept, it goes out when the relay is back ("
            + client.queued() + " waiting)" : "* not sent: " + client.queued() + " lines already wait for the relay",
            fields("text", text, "queued", kept));
        return;
      }
      Optional<String> id = await(client.say(text)); // its delivery state: Deliveries
      if (id.isEmpty()) {
        output.event("notice", "* not sent: the room key is not held", fields("text", "not sent"));
      }
    } catch (RuntimeException e) {
      output.event("notice", "* not sent: " + e.getMessage(), fields("text", "not sent", "reason", e.getMessage()));
    }
  }

  private void direct(String to, String text) {
    if (to == null || text == null) {
      output.event("notice", "* usage: /msg USER TEXT", fields("text", "usage"));
      return;
    }
    try {
      String id = await(client.direct(to, text));
      output.event("sent-direct", "[private] you -> " + to + ": " + text, fields("to", to, "id", id, "text", text));
    } catch (RuntimeException e) {
      output.event("notice", "* not sent: " + e.getMessage(), fields("text", "not sent", "reason", e.getMessage()));
    }
  }

  private void invite() {
    try {
      String code = await(client.invite());
      output.event("invitation", "* invitation (give it privately; it admits one person, through you):\n  " + code
          + "\n  they join with: --invite " + code, fields("code", code));
    } catch (RuntimeException e) {
      output.event("notice", "* no invitation: " + e.getMessage(), fields("text", "no invitation"));
    }
  }

  private void verify(String member, String fingerprint) {
    if (member == null || fingerprint == null) {
      output.event("notice", "* usage: /verify USER FINGERPRINT", fields("text", "usage"));
      return;
    }
    boolean ok = client.verify(member, fingerprint);
    output.event("verify", ok ? "* " + member + " is now VERIFIED" : "! " + member + "'s identity does NOT match "
        + fingerprint + " (known: " + client.knownFingerprint(member).orElse("nothing") + ")",
        fields("member", member, "verified", ok));
  }

  private void who() {
    List<MemberView> members = await(client.members());
    StringBuilder human = new StringBuilder("* you: " + client.options().member() + " (identity " + client.fingerprint() + ")");
    for (MemberView m : members) {
      String trust = switch (m.trust()) {
        case VERIFIED -> "verified";
        case NOT_VERIFIED -> "not verified";
        case UNKNOWN -> "unknown";
      };
      human.append("\n* ").append(m.name()).append(" (identity ").append(m.fingerprint()).append(", ").append(trust)
          .append(m.blocked() ? ", IDENTITY CHANGED: blocked" : "").append(m.keyed() ? "" : ", no room key yet")
          .append(")");
    }
    output.event("who", human.toString(), fields("me", client.options().member(),
        "members", members.stream().map(MemberView::name).toList()));
  }

  private void whenGiven(String arg, String usage, Runnable action) {
    if (arg == null) {
      output.event("notice", "* usage: " + usage, fields("text", "usage"));
    } else {
      action.run();
    }
  }

  private void done(String event, String member, boolean ok, String yes, String no) {
    output.event(event, ok ? "* " + yes : "! " + no, fields("member", member, "ok", ok));
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

}
