package chat.bench.join;

import chat.client.ChatClient;
import java.util.concurrent.CompletableFuture;

/** Listens to one benchmark client and completes with the time it first held the room key. */
final class KeyWatch implements ChatClient.Events {

  final CompletableFuture<Long> keyedAtNanos = new CompletableFuture<>();

  @Override
  public void keyed(boolean created, String from, String keyId, long epoch, String policy) {
    keyedAtNanos.complete(System.nanoTime());
  }

  @Override
  public void keyExchangeFailed(String reason) {
    keyedAtNanos.completeExceptionally(new IllegalStateException("key exchange failed: " + reason));
  }

  @Override
  public void disconnected(String reason, boolean refusedByRelay) {
    keyedAtNanos.completeExceptionally(new IllegalStateException("disconnected: " + reason));
  }

  @Override
  public void message(String author, String text, String id, long sentAtMillis, boolean verified) {}

  @Override
  public void direct(String author, String text, String id, long sentAtMillis, boolean verified) {}

  @Override
  public void memberJoined(String member, String fingerprint) {}

  @Override
  public void memberLeft(String member) {}

  @Override
  public void joinRequest(String member, String fingerprint) {}

  @Override
  public void identityChanged(String member, String knownFingerprint, String presentedFingerprint, boolean wasVerified) {}

  @Override
  public void alert(String text) {}

  @Override
  public void dropped(String reason) {}

  @Override
  public void notice(String text) {}
}
