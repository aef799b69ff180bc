package chat.relay.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A loopback TCP forwarder in front of the relay that decodes the WebSocket frames passing through
 * it, both ways, and records every whole message as text: what the relay receives and sends on
 * the wire itself, below every layer of the relay (so nothing it writes can bypass the record).
 * Clients connect to {@link #port()} instead of the relay's port.
 */
public final class WireTap implements AutoCloseable {

  public final List<String> received = new CopyOnWriteArrayList<>();
  public final List<String> sent = new CopyOnWriteArrayList<>();

  private final int relayPort;
  private final ServerSocket listening;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  public WireTap(int relayPort) throws IOException {
    this.relayPort = relayPort;
    this.listening = new ServerSocket();
    listening.bind(new InetSocketAddress("127.0.0.1", 0));
    Thread acceptor = new Thread(this::accept, "wire-tap-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return listening.getLocalPort();
  }

  public List<String> all() {
    return Stream.concat(received.stream(), sent.stream()).toList();
  }

  private void accept() {
    while (!listening.isClosed()) {
      try {
        Socket client = listening.accept();
        Socket relay = new Socket("127.0.0.1", relayPort);
        sockets.add(client);
        sockets.add(relay);
        pipe(client, relay, received);
        pipe(relay, client, sent);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pipe(Socket from, Socket to, List<String> record) {
    Thread t = new Thread(() -> {
      FrameReader frames = new FrameReader(record);
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          frames.feed(buffer, n);
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "wire-tap-pipe");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listening.close();
    sockets.forEach(WireTap::closeQuietly);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  /** One direction of one connection: the HTTP upgrade, then RFC 6455 frames. */
  private static final class FrameReader {

    private final List<String> record;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private boolean upgraded;

    FrameReader(List<String> record) {
      this.record = record;
    }

    void feed(byte[] bytes, int length) {
      pending.write(bytes, 0, length);
      byte[] data = pending.toByteArray();
      int consumed = 0;
      if (!upgraded) {
        int end = new String(data, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        if (end < 0) {
          return;
        }
        upgraded = true;
        consumed = end + 4;
      }
      while (true) {
        int used = frame(data, consumed);
        if (used == 0) {
          break;
        }
        consumed += used;
      }
      pending.reset();
      pending.write(data, consumed, data.length - consumed);
    }

    /** Reads one whole frame at {@code at}; returns the bytes it took, or 0 if it is not all here yet. */
    private int frame(byte[] data, int at) {
      if (data.length - at < 2) {
        return 0;
      }
      boolean fin = (data[at] & 0x80) != 0;
      int opcode = data[at] & 0x0f;
      boolean masked = (data[at + 1] & 0x80) != 0;
      long length = data[at + 1] & 0x7f;
      int header = 2;
      if (length == 126) {
        if (data.length - at < 4) {
          return 0;
        }
        length = ((data[at + 2] & 0xff) << 8) | (data[at + 3] & 0xff);
        header = 4;
      } else if (length == 127) {
        if (data.length - at < 10) {
          return 0;
        }
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | (data[at + 2 + i] & 0xff);
        }
        header = 10;
      }
      int maskAt = at + header;
      if (masked) {
        header += 4;
      }
      if (data.length - at < header + length) {
        return 0;
      }
      int payloadAt = at + header;
      if (opcode == 0 || opcode == 1 || opcode == 2) { // continuation, text, binary; control frames are not messages
        for (int i = 0; i < length; i++) {
          byte b = data[payloadAt + i];
          message.write(masked ? b ^ data[maskAt + (i % 4)] : b);
        }
        if (fin) {
          record.add(message.toString(StandardCharsets.UTF_8));
          message.reset();
        }
      }
      return header + (int) length;
    }
  }
}
