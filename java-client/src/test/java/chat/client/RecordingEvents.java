package chat.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Library events as a test sees them. */
final class RecordingEvents implements ChatClient.Events {

  final CompletableFuture<String> keyId = new CompletableFuture<>();
  final CompletableFuture<String> failure = new CompletableFuture<>();
  final List<String> messages = new CopyOnWriteArrayList<>();
  final List<String> dropped = new CopyOnWriteArrayList<>();

  @Override
  public void keyed(boolean created, String from, String keyId) {
    this.keyId.complete(keyId);
  }

  @Override
  public void message(String author, String text, String id, long sentAtMillis) {
    messages.add(author + ": " + text);
  }

  @Override
  public void memberJoined(String member, String fingerprint) {}

  @Override
  public void memberLeft(String member) {}

  @Override
  public void dropped(String reason) {
    dropped.add(reason);
  }

  @Override
  public void keyExchangeFailed(String reason) {
    failure.complete(reason);
  }

  @Override
  public void notice(String text) {}

  @Override
  public void disconnected(String reason, boolean refusedByRelay) {
    failure.complete("disconnected: " + reason);
  }
}
