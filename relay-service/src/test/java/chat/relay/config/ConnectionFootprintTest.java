package chat.relay.config;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "relay.max-sessions=12000")
class ConnectionFootprintTest {

  @LocalServerPort
  int port;

  @Autowired
  WebServerApplicationContext context;

  @Test
  void tomcatAdmitsEveryAllowedSession_withSmallSocketBuffers() {
    Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
    AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
    assertThat(protocol.getMaxConnections()).isEqualTo(12000 + ConnectionFootprint.CONNECTION_HEADROOM);
    assertThat(connector.getProperty("socket.appReadBufSize")).hasToString(Integer.toString(ConnectionFootprint.SOCKET_BUFFER_BYTES));
    assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString(Integer.toString(ConnectionFootprint.SOCKET_BUFFER_BYTES));
  }

  /**
   * The relay runs at most 8 Tomcat workers; a publisher whose lane is full waits on one. More
   * publishers flooding at once than there are workers must still get every member everything.
   */
  @Test
  void moreSessionsAndFloodingPublishersThanWorkers_everyMemberStillGetsEverything() throws Exception {
    Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
    var workers = (org.apache.tomcat.util.threads.ThreadPoolExecutor) connector.getProtocolHandler().getExecutor();
    assertThat(workers.getMaximumPoolSize()).isEqualTo(8);

    int members = 40;
    int publishers = 12;
    int each = 50; // within the default burst of 100
    ExecutorService atOnce = Executors.newFixedThreadPool(members);
    List<StompTestClient> clients = new ArrayList<>();
    try {
      List<Future<StompTestClient>> opening = new ArrayList<>();
      for (int i = 0; i < members; i++) {
        String member = "m" + i;
        opening.add(atOnce.submit(() -> StompTestClient.connected(port, member)));
      }
      for (Future<StompTestClient> client : opening) {
        clients.add(client.get(30, TimeUnit.SECONDS));
      }
      for (StompTestClient client : clients) {
        client.subscribeAndSettle("workers");
      }
      List<Future<?>> flooding = new ArrayList<>();
      for (int p = 0; p < publishers; p++) {
        StompTestClient publisher = clients.get(p);
        String name = "p" + p;
        flooding.add(atOnce.submit(() -> {
          for (int n = 0; n < each; n++) {
            publisher.send("workers", "flood-" + name + "-" + n);
          }
        }));
      }
      for (Future<?> publisher : flooding) {
        publisher.get(30, TimeUnit.SECONDS);
      }
      for (int m = 0; m < members; m++) {
        int expected = (publishers - (m < publishers ? 1 : 0)) * each;
        assertThat(floodFramesReceived(clients.get(m), expected)).as("member m%d", m).isEqualTo(expected);
      }
    } finally {
      clients.forEach(StompTestClient::close);
      atOnce.shutdownNow();
    }
  }

  private static int floodFramesReceived(StompTestClient client, int expected) {
    int received = 0;
    long deadline = System.nanoTime() + StompTestClient.WAIT.toNanos();
    while (received < expected && System.nanoTime() < deadline) {
      StompFrame frame = client.poll(Duration.ofMillis(200));
      if (frame != null && "MESSAGE".equals(frame.command()) && frame.body().startsWith("flood-")) {
        received++;
      }
    }
    return received;
  }

  @Test
  void handshakeOfferingCompression_isAcceptedWithoutIt() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET /chat HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Protocol: v12.stomp\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response = readHead(socket.getInputStream());
      assertThat(response).startsWith("HTTP/1.1 101");
      assertThat(response.toLowerCase()).doesNotContain("sec-websocket-extensions");
    }
  }

  private static String readHead(InputStream in) throws Exception {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }
}
