package chat.bench.peer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * What a developer gets from the Spring guide and nothing more: STOMP over WebSocket at
 * {@code /ws}, Spring's simple broker on {@code /topic}, every other setting left at its default
 * (no validation, no limits, no metrics, no ordering guarantees). The benchmarks run it beside the
 * relay to show what the relay's features cost and what its tuning wins.
 */
@SpringBootApplication
public class BareSpringBroker {

  public static void main(String[] args) {
    SpringApplication.run(BareSpringBroker.class, args);
  }

  @Configuration
  @EnableWebSocketMessageBroker
  static class Stomp implements WebSocketMessageBrokerConfigurer {

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
      registry.addEndpoint("/ws");
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
      registry.enableSimpleBroker("/topic");
    }
  }
}
