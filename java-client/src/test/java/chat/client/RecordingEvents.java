package chat.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Library events as a test sees them. */
public final class RecordingEvents implements ChatClient.Events {

  public final CompletableFuture<String> keyId = new CompletableFuture<>();
  public final CompletableFuture<String> failure = new CompletableFuture<>();
  public final List<String> messages = new CopyOnWriteArrayList<>();
  public final List<String> dropped = new CopyOnWriteArrayList<>();
  public final List<String> directs = new CopyOnWriteArrayList<>();
  public final List<String> alerts = new CopyOnWriteArrayList<>();
  public final List<String> notices = new CopyOnWriteArrayList<>();
  public final List<String> joinRequests = new CopyOnWriteArrayList<>();
  public final List<String> identityChanges = new CopyOnWriteArrayList<>();
  public volatile long epoch;
  /** The key id now in use (keyId holds the first one). */
  public volatile String currentKeyId;
  /** Who the last key came from, and whether this client made it. */
  public volatile String keyedFrom;
  public volatile boolean created;

  @Override
  public void keyed(boolean created, String from, String keyId, long epoch, String policy) {
    this.keyedFrom = from;
    this.created = created;
    this.epoch = epoch;
    this.currentKeyId = keyId;
    this.keyId.complete(keyId);
  }

  @Override
  public void message(String author, String text, String id, long sentAtMillis, boolean verified) {
    messages.add((verified ? "" : "[unverified] ") + author + ": " + text);
  }

  @Override
  public void direct(String author, String text, String id, long sentAtMillis, boolean verified) {
    directs.add(author + ": " + text);
  }

  @Override
  public void joinRequest(String member, String fingerprint) {
    joinRequests.add(member);
  }

  @Override
  public void identityChanged(String member, String known, String presented, boolean wasVerified) {
    identityChanges.add(member + (wasVerified ? " (was verified)" : ""));
  }

  @Override
  public void alert(String text) {
    alerts.add(text);
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
  public void notice(String text) {
    notices.add(text);
  }

  @Override
  public void disconnected(String reason, boolean refusedByRelay) {
    failure.complete("disconnected: " + reason);
  }
}
