package chat.client.transport;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Passes frame bodies through as bytes whatever their content-type: the transport never
 * interprets a body, the protocol layer does. (Spring's ByteArrayMessageConverter only accepts
 * application/octet-stream.)
 */
final class OpaqueBodyConverter implements MessageConverter {

  @Override
  public Object fromMessage(Message<?> message, Class<?> targetClass) {
    return targetClass == byte[].class && message.getPayload() instanceof byte[] bytes ? bytes : null;
  }

  @Override
  public Message<?> toMessage(Object payload, MessageHeaders headers) {
    return payload instanceof byte[] bytes ? MessageBuilder.createMessage(bytes, headers) : null;
  }
}
