package chat.relay.delivery;

import chat.wire.RelayHeaders;
import java.math.BigDecimal;
import org.springframework.web.socket.TextMessage;

/**
 * Adds the relay's limits to every CONNECTED frame ({@link RelayHeaders#LIMIT_MESSAGES_PER_SECOND}
 * and the others), so that a client paces itself under this relay's settings instead of learning
 * them from a refusal. Done on the frame's text because Spring builds CONNECTED from the broker's
 * acknowledgement with only its own headers (and, behind RabbitMQ, the broker writes it); either
 * way the frame reaches the client through the session's outbox. CONNECTED headers are not escaped
 * (STOMP 1.2), and these values are plain numbers.
 */
final class ConnectedLimits {

  private static final String COMMAND = "CONNECTED";

  private final String headerLines;

  ConnectedLimits(double messagesPerSecond, int messageBurst, int maxFrameBytes) {
    this.headerLines = RelayHeaders.LIMIT_MESSAGES_PER_SECOND + ":" + plain(messagesPerSecond) + "\n"
        + RelayHeaders.LIMIT_MESSAGE_BURST + ":" + messageBurst + "\n"
        + RelayHeaders.LIMIT_MAX_FRAME_BYTES + ":" + maxFrameBytes + "\n";
  }

  static boolean isConnected(TextMessage frame) {
    String text = frame.getPayload();
    return text.startsWith(COMMAND) && text.length() > COMMAND.length()
        && (text.charAt(COMMAND.length()) == '\n' || text.startsWith("\r\n", COMMAND.length()));
  }

  /** The same CONNECTED frame with the limits as its first headers. */
  TextMessage onto(TextMessage connected) {
    String text = connected.getPayload();
    int firstLineEnd = text.indexOf('\n') + 1;
    return new TextMessage(text.substring(0, firstLineEnd) + headerLines + text.substring(firstLineEnd));
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
