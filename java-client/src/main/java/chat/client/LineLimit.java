package chat.client;

import chat.client.transport.RelayLimits;

/** How long a typed line may be: what one message carries, under the relay's frame limit. */
final class LineLimit {

  /** The most UTF-8 bytes one message carries: sealed, signed and encoded it stays under the relay's frame limit. */
  static final int MAX_TEXT_BYTES = 40_000;

  private LineLimit() {}

  /**
   * Why a line cannot be one message under this relay's frame limit, or null. Measured as the
   * message carries it (UTF-8, JSON escapes included: a line of quotes or control characters
   * grows), so a line accepted here never makes a frame the relay refuses.
   */
  static String tooLong(String text, RelayLimits relay) {
    int bytes = com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsUTF8(text).length;
    int limit = maxTextBytes(relay);
    return bytes <= limit ? null : "the line is " + bytes + " bytes long; one message carries at most "
        + limit + " (what fits in the relay's " + relay.maxFrameBytes() / 1024 + " KiB frame once encrypted): split it";
  }

  /**
   * {@link #MAX_TEXT_BYTES} under the relay's default frame, less under a smaller one: a sealed
   * message is 4/3 of its text (base64) plus under 1 KiB, so three quarters of the frame less 2 KiB
   * always fits with its STOMP headers (LineLimitTest).
   */
  static int maxTextBytes(RelayLimits relay) {
    return (int) Math.max(0, Math.min(MAX_TEXT_BYTES, (relay.maxFrameBytes() - 2048L) * 3 / 4));
  }
}
