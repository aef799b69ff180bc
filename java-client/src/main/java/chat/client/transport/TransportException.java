package chat.client.transport;

/** The relay could not be reached, refused us, or went away. */
public final class TransportException extends java.io.IOException {
  public TransportException(String message) {
    super(message);
  }
}
