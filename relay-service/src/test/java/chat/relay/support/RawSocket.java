package chat.relay.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A plain TCP connection to the relay, for what a WebSocket library will not do: hold a connection
 * without upgrading, or trickle one WebSocket frame a byte at a time (RFC 6455 5.2 framing, masked
 * as a client must).
 */
public final class RawSocket implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  public RawSocket(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** Sends the upgrade request and reads the 101 answer's head. */
  public void upgrade() throws IOException {
    byte[] key = new byte[16];
    RANDOM.nextBytes(key);
    out.write(("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    String head = readUntil("\r\n\r\n");
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("no upgrade: " + head.lines().findFirst().orElse(""));
    }
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** One masked, final text frame carrying {@code text}. */
  public static byte[] textFrame(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    int headerLength = payload.length < 126 ? 2 : 4;
    byte[] frame = new byte[headerLength + 4 + payload.length];
    frame[0] = (byte) 0x81;
    if (payload.length < 126) {
      frame[1] = (byte) (0x80 | payload.length);
    } else {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (payload.length >> 8);
      frame[3] = (byte) payload.length;
    }
    System.arraycopy(mask, 0, frame, headerLength, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[headerLength + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }

  /**
   * Reads until the relay closes the connection or {@code within} passes; returns what was read, as
   * ISO-8859-1 text (WebSocket frame headers included), or null if the connection is still open.
   */
  public String readUntilClosed(Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    StringBuilder read = new StringBuilder();
    while (System.nanoTime() < deadline) {
      socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException stillOpen) {
        return null;
      } catch (IOException reset) {
        return read.toString();
      }
      if (b < 0) {
        return read.toString();
      }
      read.append((char) b);
    }
    return null;
  }

  /** Whether {@code text} arrives (in a frame's ISO-8859-1 bytes) within {@code within}. */
  public boolean awaitText(String text, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    StringBuilder read = new StringBuilder();
    while (System.nanoTime() < deadline && read.indexOf(text) < 0) {
      socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
      int b;
      try {
        b = in.read();
      } catch (SocketTimeoutException late) {
        return false;
      }
      if (b < 0) {
        break;
      }
      read.append((char) b);
    }
    return read.indexOf(text) >= 0;
  }

  private String readUntil(String end) throws IOException {
    socket.setSoTimeout(10_000);
    StringBuilder read = new StringBuilder();
    while (read.indexOf(end) < 0) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      read.append((char) b);
    }
    return read.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
