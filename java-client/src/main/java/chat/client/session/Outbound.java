package chat.client.session;

import chat.client.protocol.Envelope;
import java.util.function.Consumer;

/**
 * The session's way out to the relay. A room message also says which message it carries, so the
 * way out can tell the user when the relay confirmed it; a plain {@code Consumer<Envelope>} (the
 * tests') ignores that.
 */
public interface Outbound extends Consumer<Envelope> {

  /** Sends a room message's envelope; {@code messageId} is the id the user sees for it. */
  default void accept(Envelope envelope, String messageId) {
    accept(envelope);
  }

  static Outbound of(Consumer<Envelope> plain) {
    return plain instanceof Outbound outbound ? outbound : plain::accept;
  }
}
