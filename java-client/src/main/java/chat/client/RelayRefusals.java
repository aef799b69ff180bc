package chat.client;

import chat.client.protocol.Envelope;
import chat.wire.FrameLimits;

/**
 * The relay's refusals in a person's words, with what to do: the relay names each one with a
 * {@code refusal} header (docs/relay.md) and says it in its {@code message}; both are kept.
 */
final class RelayRefusals {

  private RelayRefusals() {}

  /** @param tokenGiven whether this client presented an access token */
  static String explain(String refusal, String relaySays, boolean tokenGiven, ChatOptions.Link link) {
    String said = " (the relay says: " + relaySays + ")";
    return switch (refusal == null ? "" : refusal) {
      case "unauthorized" -> tokenGiven
          ? "the relay refused your access token" + said + ": check --token or CHAT_RELAY_TOKEN"
          : "this relay needs an access token" + said + ": use --token or CHAT_RELAY_TOKEN";
      case "too-many-sessions" -> "the relay is full" + said + ": try again later, or another relay with --server";
      case "invalid-member" -> "the relay refused your name" + said + ": choose another with --user";
      case "frame-too-large" -> "the relay refused a frame as too large" + said + "; this client keeps every frame"
          + " under " + Envelope.MAX_ENVELOPE_BYTES / 1024 + " KiB, so this relay's limit is lower than the usual "
          + FrameLimits.DEFAULT_MAX_FRAME_BYTES / 1024 + " KiB: ask its operator";
      case "rate-limited" -> "the relay cut the connection for sending too fast" + said + "; this client sends at most "
          + link.framesPerSecond() + " frames a second, so this relay's limit is lower than the usual "
          + FrameLimits.DEFAULT_MESSAGES_PER_SECOND + ": ask its operator";
      case "shutting-down" -> "the relay is shutting down" + said;
      default -> "the relay refused us" + said;
    };
  }
}
