package chat.relay.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A loopback TCP forwarder a test can cut and restore, to take a real broker away from the relay
 * without touching the broker itself, or tap, to see the bytes passing through.
 */
public final class TcpProxy implements AutoCloseable {

  /** Sees the bytes of one connection, each direction on its own thread, before they are passed on. */
  public interface Tap {
    void fromClient(byte[] bytes, int length);

    void fromTarget(byte[] bytes, int length);
  }

  private static final Tap NO_TAP = new Tap() {
    @Override
    public void fromClient(byte[] bytes, int length) {
    }

    @Override
    public void fromTarget(byte[] bytes, int length) {
    }
  };

  private final int targetPort;
  private final int port;
  private final Supplier<Tap> taps;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;

  public TcpProxy(int targetPort) throws IOException {
    this(targetPort, () -> NO_TAP);
  }

  /** @param taps makes the tap of each new connection */
  public TcpProxy(int targetPort, Supplier<Tap> taps) throws IOException {
    this.targetPort = targetPort;
    this.taps = taps;
    ServerSocket first = new ServerSocket();
    first.setReuseAddress(true);
    first.bind(new InetSocketAddress("127.0.0.1", 0));
    this.port = first.getLocalPort();
    start(first);
  }

  public int port() {
    return port;
  }

  /** Drops every connection and refuses new ones. */
  public synchronized void cut() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    sockets.clear();
  }

  /** Accepts connections again on the same port. */
  public synchronized void restore() throws IOException {
    ServerSocket again = new ServerSocket();
    again.setReuseAddress(true);
    again.bind(new InetSocketAddress("127.0.0.1", port));
    start(again);
  }

  private void start(ServerSocket listening) {
    server = listening;
    Thread acceptor = new Thread(() -> {
      while (!listening.isClosed()) {
        try {
          Socket client = listening.accept();
          Socket upstream = new Socket("127.0.0.1", targetPort);
          sockets.add(client);
          sockets.add(upstream);
          Tap tap = taps.get();
          pipe(client, upstream, tap::fromClient);
          pipe(upstream, client, tap::fromTarget);
        } catch (IOException e) {
          return;
        }
      }
    }, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private interface Bytes {
    void seen(byte[] bytes, int length);
  }

  private void pipe(Socket from, Socket to, Bytes tap) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          tap.seen(buffer, n);
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // one side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "tcp-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
