package chat.client.cli;

import chat.client.ChatClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Turns room events into output lines and into the command's outcome. */
final class ConsoleEvents implements ChatClient.Events {

  private final Output output;
  private final String me;
  /** Completes with true once keyed, false if the key exchange failed. */
  final CompletableFuture<Boolean> keyed = new CompletableFuture<>();
  /** Completes with an exit code when the chat must end. */
  final CompletableFuture<Integer> ended = new CompletableFuture<>();

  ConsoleEvents(Output output, String me) {
    this.output = output;
    this.me = me;
  }

  @Override
  public void keyed(boolean created, String from, String keyId) {
    String human = created
        ? "* you are the first here: created the room key (" + keyId + "); messages are end-to-end encrypted"
        : "* received the room key from " + from + " (" + keyId + "); messages are end-to-end encrypted";
    output.event("keyed", human, Map.of("created", created, "from", from, "keyId", keyId));
    keyed.complete(true);
  }

  @Override
  public void message(String author, String text, String id, long sentAtMillis) {
    output.event("message", author + ": " + text,
        Map.of("from", author, "text", text, "id", id, "sentAt", sentAtMillis));
  }

  @Override
  public void memberJoined(String member, String fingerprint) {
    output.event("joined", "* " + member + " joined (key " + fingerprint + ")",
        Map.of("member", member, "fingerprint", fingerprint));
  }

  @Override
  public void memberLeft(String member) {
    output.event("left", "* " + member + " left", Map.of("member", member));
  }

  @Override
  public void dropped(String reason) {
    output.detail("dropped", "! dropped a frame: " + reason, Map.of("reason", reason));
  }

  @Override
  public void keyExchangeFailed(String reason) {
    output.event("error", "! key exchange failed: " + reason + " (cannot talk secretly; disconnecting)",
        Map.of("reason", reason, "exit", ExitCode.KEY_EXCHANGE_FAILED));
    ended.complete(ExitCode.KEY_EXCHANGE_FAILED); // before 'keyed': the main thread reads it on wake-up
    keyed.complete(false);
  }

  @Override
  public void notice(String text) {
    output.event("notice", "* " + text, Map.of("text", text));
  }

  @Override
  public void disconnected(String reason, boolean refusedByRelay) {
    String human = refusedByRelay ? "! the relay refused us: " + reason : "! " + reason;
    output.event("disconnected", human, Map.of("reason", reason, "refused", refusedByRelay,
        "exit", ExitCode.CONNECTION_LOST));
    ended.complete(ExitCode.CONNECTION_LOST);
    keyed.complete(false);
  }
}
