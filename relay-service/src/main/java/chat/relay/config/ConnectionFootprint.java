package chat.relay.config;

import chat.relay.limits.RelayProperties;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Sizes Tomcat for many mostly idle chat connections: it admits {@code relay.max-sessions}
 * (Tomcat's own default of 8,192 connections would refuse sessions the relay allows) and keeps
 * the per-connection socket buffers small, because an idle member should cost kilobytes.
 * Frames larger than these buffers still pass: they are read and written in several chunks.
 * Ordered last so that it runs after Boot's {@code server.tomcat.*} customizer.
 */
@Component
public final class ConnectionFootprint implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  /** Connections beyond max-sessions for actuator probes and handshakes that have not said CONNECT yet. */
  static final int CONNECTION_HEADROOM = 256;

  /** Tomcat's NIO read and write buffers per connection (its default is 8 KiB each). */
  static final int SOCKET_BUFFER_BYTES = 4096;

  /**
   * The WebSocket frame buffers Tomcat allocates per connection (input, output, encoder: 8 KiB
   * each by default). Set by {@link chat.relay.RelayApplication#main} before Tomcat loads, as the
   * value is read once, from this system property.
   */
  public static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
  public static final String WEBSOCKET_BUFFER_BYTES = "2048";

  private final RelayProperties limits;

  ConnectionFootprint(RelayProperties limits) {
    this.limits = limits;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addConnectorCustomizers(this::size);
  }

  void size(Connector connector) {
    if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
      int wanted = limits.maxSessions() + CONNECTION_HEADROOM;
      if (protocol.getMaxConnections() < wanted) {
        protocol.setMaxConnections(wanted);
      }
    }
    connector.setProperty("socket.appReadBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
    connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
    // the kernel's buffer (SO_SNDBUF): bounded, so a reader that stops reading is noticed (RelayProperties)
    connector.setProperty("socket.txBufSize", Integer.toString(limits.socketSendBufferBytes()));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
