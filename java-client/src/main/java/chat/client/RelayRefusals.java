package chat.client;

import chat.client.protocol.Envelope;
import chat.client.transport.RelayLimits;
import chat.wire.FrameLimits;

/**
 * The relay's refusals in a person's words, with what to do: the relay names each one with a
 * {@code refusal} header (docs/relay.md) and says it in its {@code message}; both are kept.
 */
final class RelayRefusals {

  private RelayRefusals() {}

  private static String plain(double value) {
    return java.math.BigDecimal.valueOf(value).setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
        .toPlainString();
  }

  /** @param tokenGiven whether this client presented an access token */
  static String explain(String refusal, String relaySays, boolean tokenGiven, RelayLink link) {
    String said = " (the relay says: " + relaySays + ")";
    RelayLimits limits = link.limits();
    return switch (refusal == null ? "" : refusal) {
      case "unauthorized" -> tokenGiven
          ? "the relay refused your access token" + said + ": check --token or CHAT_RELAY_TOKEN"
          : "this relay needs an access token" + said + ": use --token or CHAT_RELAY_TOKEN";
      case "too-many-sessions" -> "the relay is full" + said + ": try again later, or another relay with --server";
      case "invalid-member" -> "the relay refused your name" + said + ": choose another with --user";
      case "frame-too-large" -> "the relay refused a frame as too large" + said + "; this client keeps every frame"
          + " under " + Envelope.MAX_ENVELOPE_BYTES / 1024 + " KiB and its lines under what the relay "
          + (limits.announced() ? "announced (" + limits.maxFrameBytes() + " bytes)" : "usually takes")
          + ", so this relay takes less than it says: ask its operator";
      case "rate-limited" -> "the relay cut the connection for sending too fast" + said + "; this client sends at most "
          + plain(link.pace()) + " frames a second, " + (limits.announced()
              ? "four fifths of the " + plain(limits.messagesPerSecond()) + " this relay announced"
              : "under the usual " + FrameLimits.DEFAULT_MESSAGES_PER_SECOND + " (this relay announced no limit)")
          + ", so this relay allows less than that: ask its operator";
      case "shutting-down" -> "the relay is shutting down" + said;
      default -> "the relay refused us" + said;
    };
  }
}
