package chat.client.cli;

import chat.client.ChatClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Turns room events into output lines and into the command's outcome. */
final class ConsoleEvents implements ChatClient.Events {

  private final Output output;
  /** Completes with true once keyed, false if the key exchange failed. */
  final CompletableFuture<Boolean> keyed = new CompletableFuture<>();
  /** Completes with an exit code when the chat must end (the user's end of input included). */
  final CompletableFuture<Integer> ended = new CompletableFuture<>();
  /** Completes with an exit code when the relay's side ended it: refused, lost for good, failed, removed. */
  final CompletableFuture<Integer> broken = new CompletableFuture<>();

  final Deliveries deliveries;

  private final String room;
  private volatile String protection = "rsa";
  /** Whether this user compared a member's fingerprint ({@code /verify}); set once the client exists. */
  private volatile java.util.function.Predicate<String> verified = member -> false;

  ConsoleEvents(Output output, String room) {
    this.output = output;
    this.room = room;
    this.deliveries = new Deliveries(output, System::currentTimeMillis);
  }

  void verifiedBy(java.util.function.Predicate<String> check) {
    this.verified = check;
  }

  @Override
  public void keyed(boolean created, String from, String keyId, long epoch, String policy) {
    Map<String, Object> fields = fields("created", created, "from", from, "keyId", keyId, "epoch", epoch,
        "policy", policy, "protection", protection);
    if (keyed.isDone()) { // a rekey: the membership line said what changed; the key itself is a detail
      output.detail("keyed", "* new room key (epoch " + epoch + ", " + keyId + ")" + (created ? "" : " from " + from),
          fields);
      return;
    }
    // One welcome, whoever let us in; under protocol 3 a newcomer's first key is never epoch 1.
    output.event("keyed", "* you are in room " + room + (created ? ", new: you made its key" : ", let in by "
        + output.screen().name(from, verified.test(from))) + "; " + describe(policy)
        + ("hybrid".equals(protection) ? "; post-quantum keys" : "; RSA keys only"), fields);
    keyed.complete(true);
  }

  @Override
  public void keyProtection(String required) {
    this.protection = required;
  }

  @Override
  public void keyDetail(String text) {
    output.detail("key-detail", "* " + text, fields("text", text));
  }

  private static String describe(String policy) {
    return switch (policy) {
      case "open" -> "open room: anyone who joins is let in";
      case "invite" -> "invite-only: /invite lets one more in";
      default -> "by approval: members /accept each newcomer";
    };
  }

  @Override
  public void message(String author, String text, String id, long sentAtMillis, boolean keyAccepted) {
    boolean compared = verified.test(author);
    output.event("message", (keyAccepted ? "" : "[KEY NOT ACCEPTED] ") + output.screen().name(author, compared) + ": "
        + text, fields("from", author, "text", text, "id", id, "sentAt", sentAtMillis, "keyAccepted", keyAccepted,
        "verified", compared));
  }

  @Override
  public void direct(String author, String text, String id, long sentAtMillis, boolean keyAccepted) {
    boolean compared = verified.test(author);
    output.event("direct", "[private] " + (keyAccepted ? "" : "[KEY NOT ACCEPTED] ")
        + output.screen().name(author, compared) + " -> you: " + text, fields("from", author, "text", text, "id", id,
        "sentAt", sentAtMillis, "keyAccepted", keyAccepted, "verified", compared));
  }

  @Override
  public void memberJoined(String member, String fingerprint) {
    output.event("joined", "* " + output.screen().name(member, verified.test(member)) + " joined"
        + (output.verbose() ? " (identity " + fingerprint + ")" : ""), fields("member", member, "fingerprint",
        fingerprint));
  }

  @Override
  public void memberLeft(String member) {
    // only the relay says so (a presence event, unsigned): shown as its claim
    output.event("left", "* " + output.screen().name(member, verified.test(member)) + " left (as the relay says)",
        fields("member", member, "source", "relay"));
  }

  @Override
  public void joinRequest(String member, String fingerprint) {
    output.event("join-request", "? " + member + " (identity " + fingerprint + ") asks to join — /accept " + member + " ?",
        fields("member", member, "fingerprint", fingerprint));
  }

  @Override
  public void identityChanged(String member, String knownFingerprint, String presentedFingerprint, boolean wasVerified) {
    output.event("identity-changed", "!!! WARNING: " + member + "'s identity key CHANGED"
            + (wasVerified ? " (it was VERIFIED)" : "") + ": known " + knownFingerprint + ", now " + presentedFingerprint
            + ". They get no room key and their messages show as unverified. If they really have a new key, "
            + "compare it out of band, then /trust " + member,
        fields("member", member, "known", knownFingerprint, "presented", presentedFingerprint, "wasVerified", wasVerified));
  }

  @Override
  public void alert(String text) {
    output.event("alert", "!!! " + text, fields("text", text));
  }

  @Override
  public void dropped(String reason) {
    output.detail("dropped", "! dropped a frame: " + reason, fields("reason", reason));
  }

  @Override
  public void awaitingApproval(String member, java.time.Duration wait) {
    output.event("waiting", "* this room admits by approval: " + member + " says your request waits for a member to"
        + " accept it; waiting up to " + wait.toMinutes() + " min (Ctrl-D gives up)",
        fields("from", member, "waitSeconds", wait.toSeconds()));
  }

  @Override
  public void missing(String author, long count) {
    output.event("missing", "! " + count + (count == 1 ? " message" : " messages") + " from " + author
        + " did not arrive (dropped on the way)", fields("author", author, "count", count));
  }

  @Override
  public void removed(String reason) {
    output.failure("removed", "! " + reason + "; nothing you type reaches the room any more: leaving",
        fields("reason", reason, "exit", ExitCode.KEY_EXCHANGE_FAILED));
    end(ExitCode.KEY_EXCHANGE_FAILED);
    keyed.complete(false);
  }

  private void end(int exit) {
    broken.complete(exit);
    ended.complete(exit);
  }

  @Override
  public void keyExchangeFailed(String reason) {
    output.failure("error", "! key exchange failed: " + reason + " (cannot talk secretly; disconnecting)",
        fields("reason", reason, "exit", ExitCode.KEY_EXCHANGE_FAILED));
    end(ExitCode.KEY_EXCHANGE_FAILED); // before 'keyed': the main thread reads it on wake-up
    keyed.complete(false);
  }

  @Override
  public void notice(String text) {
    output.event("notice", "* " + text, fields("text", text));
  }

  @Override
  public void disconnected(String reason, boolean refusedByRelay) {
    int exit = refusedByRelay ? ExitCode.RELAY_UNREACHABLE : ExitCode.CONNECTION_LOST;
    output.failure("disconnected", "! " + reason, fields("reason", reason, "refused", refusedByRelay, "exit", exit));
    end(exit);
    keyed.complete(false);
  }

  @Override
  public void delivered(String id) {
    deliveries.delivered(id);
  }

  @Override
  public void sent(String id, String text) {
    deliveries.sent(id, text);
  }

  @Override
  public void linkLost(String reason, java.time.Duration retryIn) {
    String in = retryIn.toMillis() < 1000 ? "a moment" : retryIn.toSeconds() + " s";
    output.event("reconnecting", "* " + reason + "; reconnecting in " + in + " (what you type is kept)",
        fields("reason", reason, "retryInMillis", retryIn.toMillis()));
  }

  @Override
  public void linkBack(java.net.URI server, int queued) {
    output.event("reconnected", "* back in the room on " + server + (queued == 0 ? "" : "; sending the " + queued
        + (queued == 1 ? " line" : " lines") + " you typed meanwhile"), fields("server", server.toString(),
        "queued", queued));
  }

  static Map<String, Object> fields(Object... keyValues) {
    return chat.client.cli.command.CommandContext.fields(keyValues);
  }

}
