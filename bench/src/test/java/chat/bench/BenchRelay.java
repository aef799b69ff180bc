package chat.bench;

import chat.relay.RelayApplication;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The real relay, in this JVM on a random port, for the bench module's smoke tests. */
public final class BenchRelay implements AutoCloseable {

  private final ConfigurableApplicationContext context;

  private BenchRelay(ConfigurableApplicationContext context) {
    this.context = context;
  }

  public static BenchRelay start(String... settings) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
        "--logging.level.root=WARN"));
    args.addAll(List.of(settings));
    return new BenchRelay(SpringApplication.run(RelayApplication.class, args.toArray(String[]::new)));
  }

  public URI endpoint() {
    return URI.create("ws://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort() + "/chat");
  }

  @Override
  public void close() {
    context.close();
  }
}
