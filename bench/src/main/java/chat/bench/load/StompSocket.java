package chat.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The load generator's STOMP 1.2 client: a JDK WebSocket and hand-written frames, so that the
 * same tool drives our relay and any STOMP-over-WebSocket peer with nothing between them.
 */
final class StompSocket {

  private final WebSocket socket;
  private final CompletableFuture<Void> connected = new CompletableFuture<>();

  private StompSocket(WebSocket socket) {
    this.socket = socket;
  }

  /** Opens the socket, CONNECTs, and completes once CONNECTED arrives; {@code onBody} gets MESSAGE bodies. */
  static CompletableFuture<StompSocket> open(HttpClient http, URI uri, Map<String, String> connectHeaders,
      Consumer<CharSequence> onBody) {
    Listener listener = new Listener(onBody);
    return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20)).subprotocols("v12.stomp")
        .buildAsync(uri, listener)
        .thenCompose(ws -> {
          StompSocket stomp = new StompSocket(ws);
          listener.owner = stomp;
          StringBuilder frame = new StringBuilder("CONNECT\naccept-version:1.2\nhost:/\nheart-beat:0,0\n");
          connectHeaders.forEach((k, v) -> frame.append(k).append(':').append(v).append('\n'));
          stomp.sendRaw(frame.append('\n').append('\0').toString());
          return stomp.connected.thenApply(v -> stomp);
        });
  }

  synchronized void subscribe(String id, String destination) {
    sendRaw("SUBSCRIBE\nid:" + id + "\ndestination:" + destination + "\n\n\0");
  }

  synchronized void send(String destination, String body) {
    sendRaw("SEND\ndestination:" + destination + "\ncontent-type:text/plain\n\n" + body + "\0");
  }

  private void sendRaw(String frame) {
    socket.sendText(frame, true).join();
  }

  void close() {
    socket.abort();
  }

  private static final class Listener implements WebSocket.Listener {
    private final Consumer<CharSequence> onBody;
    private final StringBuilder partial = new StringBuilder();
    private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();
    volatile StompSocket owner;

    Listener(Consumer<CharSequence> onBody) {
      this.onBody = onBody;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      // the generator shares the cores with the server under test: no copy for a whole message
      if (last && partial.length() == 0) {
        handleAll(data);
      } else {
        partial.append(data);
        if (last) {
          handleAll(partial);
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }

    /**
     * Our relay joins queued frames into one binary message (RabbitMQ can be told to send binary
     * too). Read as bytes in place: the generator shares the cores with the server under test, and
     * it only needs the command and the first characters of a body, which are ASCII.
     */
    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
      byte[] part = new byte[data.remaining()];
      data.get(part);
      if (last && partialBinary.size() == 0) {
        handleAll(new Ascii(part, 0, part.length));
      } else {
        partialBinary.writeBytes(part);
        if (last) {
          byte[] whole = partialBinary.toByteArray();
          partialBinary.reset();
          handleAll(new Ascii(whole, 0, whole.length));
        }
      }
      webSocket.request(1);
      return null;
    }

    /** Bytes read as characters one for one: exact for ASCII; toString() decodes UTF-8 (an ERROR's text). */
    private record Ascii(byte[] bytes, int from, int to) implements CharSequence {
      @Override
      public int length() {
        return to - from;
      }

      @Override
      public char charAt(int index) {
        return (char) (bytes[from + index] & 0xff);
      }

      @Override
      public CharSequence subSequence(int start, int end) {
        return new Ascii(bytes, from + start, from + end);
      }

      @Override
      public String toString() {
        return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.UTF_8);
      }
    }

    /** Every frame of one WebSocket message, which may hold several (and heart-beat end-of-lines). */
    private void handleAll(CharSequence message) {
      int at = 0;
      int length = message.length();
      while (at < length) {
        char c = message.charAt(at);
        if (c == '\n' || c == '\r') {
          at++;
          continue;
        }
        int end = at;
        while (end < length && message.charAt(end) != '\0') {
          end++;
        }
        handle(at == 0 && end >= length - 1 ? message : message.subSequence(at, Math.min(length, end + 1)));
        at = end + 1;
      }
    }

    private void handle(CharSequence frame) {
      if (startsWith(frame, "MESSAGE")) {
        onBody.accept(body(frame));
      } else if (startsWith(frame, "CONNECTED") && owner != null) {
        owner.connected.complete(null);
      } else if (startsWith(frame, "ERROR") && owner != null) {
        owner.connected.completeExceptionally(new IllegalStateException(frame.toString().split("\n\n")[0]));
      }
    }

    private static CharSequence body(CharSequence frame) {
      for (int i = 0; i + 1 < frame.length(); i++) {
        if (frame.charAt(i) == '\n' && frame.charAt(i + 1) == '\n') {
          return frame.subSequence(i + 2, frame.length());
        }
      }
      return "";
    }

    private static boolean startsWith(CharSequence text, String prefix) {
      if (text.length() < prefix.length()) {
        return false;
      }
      for (int i = 0; i < prefix.length(); i++) {
        if (text.charAt(i) != prefix.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      if (owner != null) {
        owner.connected.completeExceptionally(error);
      }
    }
  }
}
