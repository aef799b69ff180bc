package chat.relay.support;

import chat.relay.RelayApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts a real relay instance in this JVM on a random port, for tests that need several. */
public final class Relays {

  private Relays() {}

  public static ConfigurableApplicationContext start(String... args) {
    List<String> all = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off"));
    all.addAll(List.of(args));
    return new SpringApplicationBuilder(RelayApplication.class).run(all.toArray(String[]::new));
  }

  public static int port(ConfigurableApplicationContext relay) {
    return ((WebServerApplicationContext) relay).getWebServer().getPort();
  }
}
