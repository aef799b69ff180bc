package chat.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of the relay that can black-hole the connections it carries: {@link #freeze}
 * stops every byte both ways while the sockets stay open (a dead NAT, a cable pulled somewhere
 * else). Connections made after that pass normally.
 */
final class FreezableProxy implements AutoCloseable {

  private final ServerSocket server;
  private final int target;
  private final List<Pipe> pipes = new CopyOnWriteArrayList<>();

  FreezableProxy(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Every connection open now goes silent both ways; its sockets stay open. */
  void freeze() {
    pipes.forEach(p -> p.frozen = true);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket relay = new Socket(InetAddress.getLoopbackAddress(), target);
        Pipe pipe = new Pipe(client, relay);
        pipes.add(pipe);
        pipe.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Pipe p : pipes) {
      p.a.close();
      p.b.close();
    }
  }

  private static final class Pipe {
    final Socket a;
    final Socket b;
    volatile boolean frozen;

    Pipe(Socket a, Socket b) {
      this.a = a;
      this.b = b;
    }

    void start() {
      copy(a, b);
      copy(b, a);
    }

    private void copy(Socket from, Socket to) {
      Thread t = new Thread(() -> {
        byte[] buffer = new byte[16384];
        try {
          InputStream in = from.getInputStream();
          OutputStream out = to.getOutputStream();
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (!frozen) {
              out.write(buffer, 0, n);
              out.flush();
            } // frozen: read and dropped, so neither side sees a full window
          }
          if (!frozen) {
            to.close(); // a close passes, except through a black hole
          }
        } catch (IOException ignored) {
          // one side closed
        }
      }, "proxy-pipe");
      t.setDaemon(true);
      t.start();
    }
  }
}
