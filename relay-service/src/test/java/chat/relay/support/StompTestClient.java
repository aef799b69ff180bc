package chat.relay.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw STOMP-over-WebSocket client on the JDK's WebSocket, so tests control every byte a client
 * sends (oversized frames, forged headers) and can stop reading like a stalled consumer.
 */
public final class StompTestClient implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(10);
  /** One HTTP client for all test sockets: a JDK client per socket would cost a selector thread each. */
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BlockingQueue<StompFrame> frames = new LinkedBlockingQueue<>();
  private final java.util.Deque<StompFrame> passedOver = new java.util.concurrent.ConcurrentLinkedDeque<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final AtomicBoolean reading = new AtomicBoolean(true);
  private final AtomicInteger subscriptionIds = new AtomicInteger();
  private final WebSocket socket;
  private final BlockingQueue<byte[]> binaryMessages = new LinkedBlockingQueue<>();
  private final java.util.Queue<Long> heartbeatNanos = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private StompTestClient(URI uri) {
    this.socket = HTTP.newWebSocketBuilder()
        .connectTimeout(WAIT)
        .buildAsync(uri, new Listener()).join();
  }

  public static StompTestClient open(int port) {
    return new StompTestClient(URI.create("ws://127.0.0.1:" + port + "/chat"));
  }

  /** Opens a socket and CONNECTs; returns the client and asserts nothing about the answer. */
  public static StompTestClient connect(int port, String member, Map<String, String> extraHeaders) {
    StompTestClient client = open(port);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept-version", "1.2");
    headers.put("host", "127.0.0.1");
    headers.put("heart-beat", "0,0");
    if (member != null) {
      headers.put("member", member);
    }
    headers.putAll(extraHeaders);
    client.sendFrame(new StompFrame("CONNECT", headers, ""));
    return client;
  }

  /** Connects and waits for CONNECTED. */
  public static StompTestClient connected(int port, String member) {
    StompTestClient client = connect(port, member, Map.of());
    StompFrame answer = client.next();
    if (!"CONNECTED".equals(answer.command())) {
      throw new AssertionError("expected CONNECTED, got " + answer);
    }
    return client;
  }

  public String subscribe(String room) {
    return subscribeTo("/topic/room." + room);
  }

  public String subscribeTo(String destination) {
    String id = "sub-" + subscriptionIds.incrementAndGet();
    sendFrame(new StompFrame("SUBSCRIBE", Map.of("id", id, "destination", destination), ""));
    return id;
  }

  /** Subscribes and waits for the relay's RECEIPT, so the subscription is in place. */
  public String subscribeAndSettle(String room) {
    String id = "sub-" + subscriptionIds.incrementAndGet();
    String receipt = "r-" + id;
    sendFrame(new StompFrame("SUBSCRIBE",
        Map.of("id", id, "destination", "/topic/room." + room, "receipt", receipt), ""));
    awaitReceipt(receipt);
    return id;
  }

  public void awaitReceipt(String receipt) {
    StompFrame frame = nextMatching(f -> "RECEIPT".equals(f.command()) && receipt.equals(f.header("receipt-id")));
    if (frame == null) {
      throw new AssertionError("no RECEIPT for " + receipt);
    }
  }

  public void unsubscribe(String subscriptionId) {
    sendFrame(new StompFrame("UNSUBSCRIBE", Map.of("id", subscriptionId), ""));
  }

  public void send(String room, String body) {
    send(room, body, Map.of());
  }

  public void send(String room, String body, Map<String, String> extraHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("destination", "/topic/room." + room);
    headers.put("content-type", "text/plain");
    headers.putAll(extraHeaders);
    sendFrame(new StompFrame("SEND", headers, body));
  }

  public void sendFrame(StompFrame frame) {
    sendRaw(frame.encode());
  }

  public synchronized void sendRaw(String text) {
    socket.sendText(text, true).join();
  }

  /** One WebSocket message sent as several frames (RFC 6455 5.4 fragmentation). */
  public synchronized void sendFragmented(List<String> parts) {
    for (int i = 0; i < parts.size(); i++) {
      socket.sendText(parts.get(i), i == parts.size() - 1).join();
    }
  }

  public synchronized void sendBinary(byte[] bytes) {
    socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
  }

  /** The next binary WebSocket message, whole, or null after {@link #WAIT}. */
  public byte[] nextBinary() {
    try {
      return binaryMessages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** When each heart-beat (a message of end-of-lines only) arrived, System.nanoTime(). */
  public List<Long> heartbeatTimes() {
    return List.copyOf(heartbeatNanos);
  }

  public void disconnect() {
    sendFrame(new StompFrame("DISCONNECT", Map.of(), ""));
  }

  /** Cuts the TCP connection without a STOMP DISCONNECT or WebSocket close handshake. */
  public void cut() {
    socket.abort();
  }

  /** Stops pulling frames from the socket: TCP backpressure reaches the relay. */
  public void stopReading() {
    reading.set(false);
  }

  public StompFrame next() {
    return poll(WAIT);
  }

  public StompFrame poll(Duration timeout) {
    StompFrame held = passedOver.pollFirst();
    if (held != null) {
      return held;
    }
    try {
      return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Next frame that matches; frames passed over stay queued, in order. Null on timeout. */
  public StompFrame nextMatching(java.util.function.Predicate<StompFrame> wanted) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<StompFrame> passed = new ArrayList<>();
    List<StompFrame> earlier = new ArrayList<>(passedOver);
    passedOver.clear();
    StompFrame found = null;
    for (StompFrame frame : earlier) {
      if (found == null && wanted.test(frame)) {
        found = frame;
      } else {
        passed.add(frame);
      }
    }
    while (found == null && System.nanoTime() < deadline) {
      StompFrame frame = pollQueue(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (frame != null && wanted.test(frame)) {
        found = frame;
      } else if (frame != null) {
        passed.add(frame);
      }
    }
    passedOver.addAll(passed);
    return found;
  }

  private StompFrame pollQueue(Duration timeout) {
    try {
      return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Everything received within {@code quiet} of silence. */
  public List<StompFrame> drain(Duration quiet) {
    List<StompFrame> out = new ArrayList<>();
    for (StompFrame f = poll(quiet); f != null; f = poll(quiet)) {
      out.add(f);
    }
    return out;
  }

  public CompletableFuture<Integer> closeCode() {
    return closed;
  }

  public boolean isClosed() {
    return closed.isDone() || socket.isInputClosed();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        received(text);
      }
      if (reading.get()) {
        webSocket.request(1);
      }
      return null;
    }

    /** One WebSocket message may hold several frames; end-of-lines before a frame are a heart-beat. */
    private void received(String text) {
      StompFrame.Split split = StompFrame.parseAll(text);
      if (split.heartbeat()) {
        heartbeatNanos.add(System.nanoTime());
      }
      frames.addAll(split.frames());
    }

    private final java.io.ByteArrayOutputStream partialBinary = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
      byte[] part = new byte[data.remaining()];
      data.get(part);
      partialBinary.writeBytes(part);
      if (last) {
        byte[] message = partialBinary.toByteArray();
        partialBinary.reset();
        String text = StompFrame.utf8OrNull(message);
        if (text != null) {
          received(text); // the relay joins queued text frames into one binary message
        } else {
          binaryMessages.add(message);
        }
      }
      if (reading.get()) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
