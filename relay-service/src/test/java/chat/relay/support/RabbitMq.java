package chat.relay.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether the machine's RabbitMQ STOMP listener answers; tests that need it skip, or fail under CI. */
public final class RabbitMq {

  public static final int STOMP_PORT = Integer.getInteger("rabbitmq.stomp.port", 61613);

  private RabbitMq() {}

  public static void assumeStompListener() {
    boolean up = listening();
    if (!up && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("RabbitMQ's STOMP listener is not answering on 127.0.0.1:" + STOMP_PORT
          + " in CI: .ci/setup should have enabled rabbitmq_stomp");
    }
    assumeTrue(up, "RabbitMQ STOMP not answering on 127.0.0.1:" + STOMP_PORT
        + " (run .ci/setup, or rabbitmq-plugins enable rabbitmq_stomp): RabbitMQ tests skipped");
  }

  static boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", STOMP_PORT), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
