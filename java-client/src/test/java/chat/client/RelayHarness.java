package chat.client;

import chat.relay.RelayApplication;
import chat.relay.support.WireTap;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The real relay, in this JVM, on a random port, behind a {@link WireTap} that records every
 * WebSocket message it receives and sends; {@link #port} and {@link #uri()} reach it through the tap.
 */
final class RelayHarness implements AutoCloseable {

  final WireTap wire;
  final AdversarialRelay adversary = new AdversarialRelay();
  final ConfigurableApplicationContext context;
  final int port;

  RelayHarness(String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
        "--logging.level.root=WARN"));
    args.addAll(List.of(extraArgs));
    context = new SpringApplicationBuilder(RelayApplication.class)
        .initializers(ctx -> {
          ((GenericApplicationContext) ctx).registerBean("adversarialRelay", AdversarialRelay.class, () -> adversary);
        })
        .run(args.toArray(String[]::new));
    try {
      wire = new WireTap(((WebServerApplicationContext) context).getWebServer().getPort());
    } catch (java.io.IOException e) {
      context.close();
      throw new java.io.UncheckedIOException(e);
    }
    port = wire.port();
    adversary.sessions = context.getBean(chat.relay.membership.SessionRegistry.class);
    adversary.clientOutbound = context.getBean("clientOutboundChannel", org.springframework.messaging.MessageChannel.class);
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + port + "/chat");
  }

  @Override
  public void close() {
    try {
      wire.close();
    } catch (java.io.IOException ignored) {
      // the tap's sockets were closing anyway
    }
    context.close();
  }
}
