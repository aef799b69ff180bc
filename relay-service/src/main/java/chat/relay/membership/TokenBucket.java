package chat.relay.membership;

import java.util.function.LongSupplier;

/** A per-session SEND allowance: {@code burst} tokens, refilled at {@code perSecond}. */
final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double capacity;
  private final double tokensPerNano;
  private final LongSupplier nanoClock;
  private double tokens;
  private long lastRefillNanos;

  TokenBucket(double perSecond, int burst, LongSupplier nanoClock) {
    this.capacity = burst;
    this.tokensPerNano = perSecond / NANOS_PER_SECOND;
    this.nanoClock = nanoClock;
    this.tokens = burst;
    this.lastRefillNanos = nanoClock.getAsLong();
  }

  synchronized boolean tryTake() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - lastRefillNanos) * tokensPerNano);
    lastRefillNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
