package chat.client;

import chat.client.transport.RelayLimits;
import java.util.concurrent.TimeUnit;

/** A token bucket: {@code burst} frames at once, then {@code perSecond}. */
final class Pace {
  private double perNano;
  private double burst;
  private double tokens;
  private long last = System.nanoTime();

  Pace(double perSecond, int burst) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
  }

  /**
   * Under what this relay announced: four fifths of its rate and three fifths of its burst (its
   * bucket and ours do not start at the same instant, and a reconnect may find it half spent).
   */
  synchronized void under(RelayLimits relay, ChatOptions.Link unannounced) {
    double perSecond = relay.announced() ? relay.messagesPerSecond() * 4 / 5 : unannounced.framesPerSecond();
    double size = relay.announced() ? Math.max(1, Math.floor(relay.messageBurst() * 3 / 5.0)) : unannounced.burst();
    perNano = perSecond / 1e9;
    burst = size;
    tokens = Math.min(tokens, burst);
  }

  synchronized double perSecond() {
    return perNano * 1e9;
  }

  synchronized void take() throws InterruptedException {
    while (true) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) * perNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      TimeUnit.NANOSECONDS.sleep((long) ((1 - tokens) / perNano) + 1);
    }
  }
}
