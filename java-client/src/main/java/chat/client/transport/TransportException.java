package chat.client.transport;

/** The relay could not be reached, refused us, or went away. */
public final class TransportException extends java.io.IOException {

  private final String refusal;

  public TransportException(String message) {
    this(message, null);
  }

  /** @param refusal the relay's {@code refusal} header (its reason's wire name) when it refused us, else null */
  public TransportException(String message, String refusal) {
    super(message);
    this.refusal = refusal;
  }

  /** The relay's wire name for why it refused us (docs/relay.md), or null if it did not refuse. */
  public String refusal() {
    return refusal;
  }
}
