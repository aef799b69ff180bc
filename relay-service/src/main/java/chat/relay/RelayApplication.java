package chat.relay;

import chat.relay.config.ConnectionFootprint;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The blind relay: forwards opaque frames between the members of a room. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RelayApplication {

  public static void main(String[] args) {
    if (RelayCommandLine.printedInstead(args, System.out)) {
      return;
    }
    // Tomcat reads its WebSocket buffer size once, from a system property; an operator's -D wins.
    if (System.getProperty(ConnectionFootprint.WEBSOCKET_BUFFER_PROPERTY) == null) {
      System.setProperty(ConnectionFootprint.WEBSOCKET_BUFFER_PROPERTY, ConnectionFootprint.WEBSOCKET_BUFFER_BYTES);
    }
    SpringApplication.run(RelayApplication.class, args);
  }
}
