package chat.relay.broker;

import chat.relay.limits.RelayProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.broker.BrokerAvailabilityEvent;

/**
 * Health of the broker the relay fans out through, from Spring's broker availability events:
 * DOWN while the relay's system connection to RabbitMQ is down, so readiness takes the replica out
 * of rotation until Spring's relay has reconnected by itself.
 */
public final class BrokerHealth implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(BrokerHealth.class);

  private final RelayProperties.Broker broker;
  private volatile boolean available;

  public BrokerHealth(RelayProperties.Broker broker) {
    this.broker = broker;
  }

  @EventListener
  public void onAvailability(BrokerAvailabilityEvent event) {
    if (available != event.isBrokerAvailable()) {
      log.info("broker {}: {}", broker.isRabbitMq() ? broker.host() + ":" + broker.port() : "in-process",
          event.isBrokerAvailable() ? "available" : "unavailable");
    }
    available = event.isBrokerAvailable();
  }

  @Override
  public Health health() {
    Health.Builder builder = available ? Health.up() : Health.down();
    builder.withDetail("mode", broker.mode().name().toLowerCase(java.util.Locale.ROOT));
    if (broker.isRabbitMq()) {
      builder.withDetail("host", broker.host()).withDetail("port", broker.port());
    }
    return builder.build();
  }
}
