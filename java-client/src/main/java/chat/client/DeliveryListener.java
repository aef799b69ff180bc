package chat.client;

import chat.client.session.RoomListener;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The room's events as they are, plus each message's delivery: a message sealed is pending until
 * the relay confirms its frame ({@link ChatClient.Events#delivered}).
 */
final class DeliveryListener implements RoomListener {

  private final ChatClient.Events events;
  /** The relay's confirmation of the frame handed out last; read on the session thread, right after it. */
  private final Supplier<CompletableFuture<Void>> lastHandedOut;

  DeliveryListener(ChatClient.Events events, Supplier<CompletableFuture<Void>> lastHandedOut) {
    this.events = events;
    this.lastHandedOut = lastHandedOut;
  }

  @Override
  public void sealed(String id) {
    CompletableFuture<Void> confirmed = lastHandedOut.get();
    if (confirmed != null) {
      confirmed.thenRun(() -> events.delivered(id));
    }
  }

  @Override
  public void keyed(boolean created, String from, String keyId, long epoch, String policy) {
    events.keyed(created, from, keyId, epoch, policy);
  }

  @Override
  public void message(String author, String text, String id, long sentAtMillis, boolean verified) {
    events.message(author, text, id, sentAtMillis, verified);
  }

  @Override
  public void missing(String author, long count) {
    events.missing(author, count);
  }

  @Override
  public void awaitingApproval(String member, Duration wait) {
    events.awaitingApproval(member, wait);
  }

  @Override
  public void direct(String author, String text, String id, long sentAtMillis, boolean verified) {
    events.direct(author, text, id, sentAtMillis, verified);
  }

  @Override
  public void memberJoined(String member, String fingerprint) {
    events.memberJoined(member, fingerprint);
  }

  @Override
  public void memberLeft(String member) {
    events.memberLeft(member);
  }

  @Override
  public void joinRequest(String member, String fingerprint) {
    events.joinRequest(member, fingerprint);
  }

  @Override
  public void identityChanged(String member, String knownFingerprint, String presentedFingerprint,
      boolean wasVerified) {
    events.identityChanged(member, knownFingerprint, presentedFingerprint, wasVerified);
  }

  @Override
  public void alert(String text) {
    events.alert(text);
  }

  @Override
  public void dropped(String reason) {
    events.dropped(reason);
  }

  @Override
  public void keyExchangeFailed(String reason) {
    events.keyExchangeFailed(reason);
  }

  @Override
  public void removed(String reason) {
    events.removed(reason);
  }

  @Override
  public void notice(String text) {
    events.notice(text);
  }
}
