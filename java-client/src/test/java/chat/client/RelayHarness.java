package chat.client;

import chat.relay.RelayApplication;
import chat.relay.support.WireRecorder;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/** The real relay, in this JVM, on a random port, with every frame it receives and sends recorded. */
final class RelayHarness implements AutoCloseable {

  final WireRecorder wire = new WireRecorder();
  final AdversarialRelay adversary = new AdversarialRelay();
  final ConfigurableApplicationContext context;
  final int port;

  RelayHarness(String... extraArgs) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
        "--logging.level.root=WARN"));
    args.addAll(List.of(extraArgs));
    context = new SpringApplicationBuilder(RelayApplication.class)
        .initializers(ctx -> {
          ((GenericApplicationContext) ctx).registerBean("wireRecorder", WireRecorder.class, () -> wire);
          ((GenericApplicationContext) ctx).registerBean("adversarialRelay", AdversarialRelay.class, () -> adversary);
        })
        .run(args.toArray(String[]::new));
    port = ((WebServerApplicationContext) context).getWebServer().getPort();
    adversary.sessions = context.getBean(chat.relay.session.SessionRegistry.class);
    adversary.clientOutbound = context.getBean("clientOutboundChannel", org.springframework.messaging.MessageChannel.class);
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + port + "/chat");
  }

  @Override
  public void close() {
    context.close();
  }
}
