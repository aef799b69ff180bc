package chat.client.transport;

import chat.wire.FrameLimits;
import chat.wire.RelayHeaders;
import org.springframework.messaging.simp.stomp.StompHeaders;

/**
 * The limits a relay announced in CONNECTED (docs/relay.md); each one it did not announce (another
 * STOMP server, an older relay) is taken as the relay's default ({@link FrameLimits}).
 *
 * @param announced whether the relay said any of them
 */
public record RelayLimits(double messagesPerSecond, int messageBurst, int maxFrameBytes, boolean announced) {

  public static final RelayLimits DEFAULTS = new RelayLimits(FrameLimits.DEFAULT_MESSAGES_PER_SECOND,
      FrameLimits.DEFAULT_MESSAGE_BURST, FrameLimits.DEFAULT_MAX_FRAME_BYTES, false);

  static RelayLimits of(StompHeaders connected) {
    Double rate = positive(connected.getFirst(RelayHeaders.LIMIT_MESSAGES_PER_SECOND));
    Double burst = positive(connected.getFirst(RelayHeaders.LIMIT_MESSAGE_BURST));
    Double frame = positive(connected.getFirst(RelayHeaders.LIMIT_MAX_FRAME_BYTES));
    return new RelayLimits(rate == null ? DEFAULTS.messagesPerSecond : rate,
        burst == null ? DEFAULTS.messageBurst : (int) Math.min(Integer.MAX_VALUE, burst),
        frame == null ? DEFAULTS.maxFrameBytes : (int) Math.min(Integer.MAX_VALUE, frame),
        rate != null || burst != null || frame != null);
  }

  /** A number the relay could mean, or null: a relay is not trusted to send sense. */
  private static Double positive(String value) {
    if (value == null) {
      return null;
    }
    try {
      double v = Double.parseDouble(value.trim());
      return Double.isFinite(v) && v > 0 ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
