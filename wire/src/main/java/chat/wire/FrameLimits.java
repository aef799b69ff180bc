package chat.wire;

/**
 * The relay's default limits, which a client can plan by (the relay's settings may differ; its
 * refusals say so). Constants so that the relay's property defaults are these very numbers.
 */
public final class FrameLimits {

  /** Largest STOMP frame the relay accepts, headers included ({@code relay.max-frame-bytes}). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 65536;
  /** Sustained SENDs per second per session ({@code relay.messages-per-second}). */
  public static final int DEFAULT_MESSAGES_PER_SECOND = 50;
  /** SEND burst per session ({@code relay.message-burst}). */
  public static final int DEFAULT_MESSAGE_BURST = 100;
  /** Heart-beat interval the relay offers, milliseconds ({@code relay.heartbeat}). */
  public static final int DEFAULT_HEARTBEAT_MILLIS = 10_000;

  private FrameLimits() {}
}
