package chat.relay.delivery;

import chat.wire.RelayHeaders;

import chat.relay.metrics.RelayMetrics;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;

/**
 * Sits on the way out to clients: a room's broker delivers to every subscriber, so the copy
 * addressed to the frame's own sender is dropped here. Counts what is delivered.
 */
public final class NoEchoFilter implements ChannelInterceptor {

  private final String instanceId;
  private final RelayMetrics metrics;

  public NoEchoFilter(String instanceId, RelayMetrics metrics) {
    this.instanceId = instanceId;
    this.metrics = metrics;
  }

  @Override
  public Message<?> preSend(Message<?> message, MessageChannel channel) {
    MessageHeaders headers = message.getHeaders();
    if (SimpMessageHeaderAccessor.getMessageType(headers) != SimpMessageType.MESSAGE) {
      return message;
    }
    String from = NativeMessageHeaderAccessor.getFirstNativeHeader(RelayHeaders.SESSION, headers);
    String to = SimpMessageHeaderAccessor.getSessionId(headers);
    if (from != null && to != null && isSameSession(from, to)) {
      return null;
    }
    if (headers.containsKey(SimpMessageHeaderAccessor.NATIVE_HEADERS)
        && NativeMessageHeaderAccessor.getFirstNativeHeader(RelayHeaders.EVENT, headers) == null) {
      metrics.delivered(message.getPayload() instanceof byte[] body ? body.length : 0);
    }
    return message;
  }

  private boolean isSameSession(String relaySessionId, String localSessionId) {
    return relaySessionId.length() == instanceId.length() + 1 + localSessionId.length()
        && relaySessionId.startsWith(instanceId) && relaySessionId.endsWith(localSessionId)
        && relaySessionId.charAt(instanceId.length()) == '-';
  }
}
