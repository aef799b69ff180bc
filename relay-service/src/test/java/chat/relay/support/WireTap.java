package chat.relay.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A {@link TcpProxy} in front of the relay that decodes the WebSocket frames passing through it,
 * both ways, and records every whole message as text: what the relay receives and sends on
 * the wire itself, below every layer of the relay (so nothing it writes can bypass the record).
 * Clients connect to {@link #port()} instead of the relay's port.
 */
public final class WireTap implements AutoCloseable {

  public final List<String> received = new CopyOnWriteArrayList<>();
  public final List<String> sent = new CopyOnWriteArrayList<>();

  private final TcpProxy proxy;

  public WireTap(int relayPort) throws IOException {
    this.proxy = new TcpProxy(relayPort, () -> {
      FrameReader fromClient = new FrameReader(received);
      FrameReader fromRelay = new FrameReader(sent);
      return new TcpProxy.Tap() {
        @Override
        public void fromClient(byte[] bytes, int length) {
          fromClient.feed(bytes, length);
        }

        @Override
        public void fromTarget(byte[] bytes, int length) {
          fromRelay.feed(bytes, length);
        }
      };
    });
  }

  public int port() {
    return proxy.port();
  }

  public List<String> all() {
    return Stream.concat(received.stream(), sent.stream()).toList();
  }

  @Override
  public void close() throws IOException {
    proxy.close();
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
