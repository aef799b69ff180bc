package chat.relay;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The blind relay: forwards opaque frames between the members of a room. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RelayApplication {

  public static void main(String[] args) {
    SpringApplication.run(RelayApplication.class, args);
  }
}
