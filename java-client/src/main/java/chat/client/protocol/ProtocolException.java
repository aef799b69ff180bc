package chat.client.protocol;

/** A frame body that is not a valid envelope of this protocol version. */
public final class ProtocolException extends Exception {
  public ProtocolException(String reason) {
    super(reason);
  }
}
