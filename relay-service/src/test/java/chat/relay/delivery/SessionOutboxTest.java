package chat.relay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * The outbox against a container whose non-blocking sends complete only when the test says so,
 * so that frames queue up behind a write in flight as they do behind a busy socket.
 */
class SessionOutboxTest {

  /** One send the outbox handed to the container. */
  record Write(Object payload, SendHandler done) {
    String text() {
      return payload instanceof String s ? s : StandardCharsets.UTF_8.decode(((ByteBuffer) payload).duplicate()).toString();
    }

    boolean isBinary() {
      return payload instanceof ByteBuffer;
    }

    void complete() {
      done.onResult(new SendResult((jakarta.websocket.Session) null));
    }
  }

  final List<Write> writes = java.util.Collections.synchronizedList(new ArrayList<>());
  final List<CloseStatus> closes = new ArrayList<>();
  final AtomicInteger slowDrops = new AtomicInteger();
  final AtomicLong now = new AtomicLong();
  final List<Integer> framesPerWrite = new ArrayList<>();

  RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
        switch (method.getName()) {
          case "sendText", "sendBinary" -> writes.add(new Write(args[0], (SendHandler) args[1]));
          default -> { }
        }
        return null;
      });

  WebSocketSession session = (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {WebSocketSession.class}, (proxy, method, args) -> {
        if ("close".equals(method.getName()) && args != null) {
          closes.add((CloseStatus) args[0]);
        }
        return "getId".equals(method.getName()) ? "s1" : null;
      });

  SessionOutbox outbox(int writeBatchBytes) {
    return new SessionOutbox(session, remote, 1_000_000, writeBatchBytes, 1000, now::get, slowDrops::incrementAndGet,
        framesPerWrite::add, Runnable::run, status -> status, null);
  }

  static String frame(int n) {
    return "MESSAGE\ndestination:/topic/room.den\n\n" + n + "\0";
  }

  @Test
  void framesQueuedBehindAWrite_goOutTogether_inOrder_asOneBinaryMessage() throws Exception {
    SessionOutbox outbox = outbox(32768);
    outbox.sendMessage(new TextMessage(frame(0)));
    for (int n = 1; n <= 5; n++) {
      outbox.sendMessage(new TextMessage(frame(n)));
    }
    assertThat(writes).hasSize(1);
    assertThat(writes.get(0).isBinary()).as("a frame alone keeps its text message").isFalse();
    assertThat(writes.get(0).text()).isEqualTo(frame(0));

    writes.get(0).complete();

    assertThat(writes).hasSize(2);
    assertThat(writes.get(1).isBinary()).isTrue();
    assertThat(writes.get(1).text()).isEqualTo(frame(1) + frame(2) + frame(3) + frame(4) + frame(5));
    writes.get(1).complete();
    assertThat(writes).as("nothing left to write").hasSize(2);
    assertThat(framesPerWrite).as("what the relay.outbox.* meters count").containsExactly(1, 5);
  }

  @Test
  void aJoinedMessageNeverPassesTheBatchLimit_andAFrameAboveItGoesAlone() throws Exception {
    int each = frame(1).length();
    SessionOutbox outbox = outbox(2 * each);
    outbox.sendMessage(new TextMessage(frame(0)));
    for (int n = 1; n <= 4; n++) {
      outbox.sendMessage(new TextMessage(frame(n)));
    }
    String big = "MESSAGE\n\n" + "x".repeat(3 * each) + "\0";
    outbox.sendMessage(new TextMessage(big));
    outbox.sendMessage(new TextMessage(frame(5)));

    List<String> sent = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      sent.add(writes.get(i).text());
      writes.get(i).complete();
    }
    assertThat(sent).containsExactly(frame(0), frame(1) + frame(2), frame(3) + frame(4), big, frame(5));
  }

  @Test
  void aBinaryFrameIsNeverJoined_soItsBytesArriveAsTheyWereSent() throws Exception {
    SessionOutbox outbox = outbox(32768);
    outbox.sendMessage(new TextMessage(frame(0)));
    outbox.sendMessage(new TextMessage(frame(1)));
    byte[] raw = {'M', 'E', 'S', 'S', 'A', 'G', 'E', '\n', '\n', (byte) 0xff, 0};
    outbox.sendMessage(new BinaryMessage(raw));
    outbox.sendMessage(new TextMessage(frame(2)));

    List<String> sent = new ArrayList<>();
    byte[] binary = null;
    for (int i = 0; i < writes.size(); i++) {
      Write write = writes.get(i);
      if (write.isBinary()) {
        ByteBuffer bytes = ((ByteBuffer) write.payload()).duplicate();
        binary = new byte[bytes.remaining()];
        bytes.get(binary);
        sent.add("binary");
      } else {
        sent.add(write.text());
      }
      write.complete();
    }
    assertThat(sent).containsExactly(frame(0), frame(1), "binary", frame(2));
    assertThat(binary).isEqualTo(raw);
  }

  @Test
  void withBatchingOff_everyFrameHasATextMessageOfItsOwn() throws Exception {
    SessionOutbox outbox = outbox(0);
    for (int n = 0; n < 4; n++) {
      outbox.sendMessage(new TextMessage(frame(n)));
    }
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < writes.size(); i++) {
      assertThat(writes.get(i).isBinary()).isFalse();
      sent.add(writes.get(i).text());
      writes.get(i).complete();
    }
    assertThat(sent).containsExactly(frame(0), frame(1), frame(2), frame(3));
  }

  @Test
  void aWriteStalledPastTheSendTimeLimit_dropsTheSession_withFramesQueuedBehindIt() throws Exception {
    SessionOutbox outbox = outbox(32768);
    outbox.sendMessage(new TextMessage(frame(0)));
    outbox.sendMessage(new TextMessage(frame(1)));
    now.addAndGet(1_001_000_000L); // the first write has taken longer than the 1 s limit

    outbox.sendMessage(new TextMessage(frame(2)));

    assertThat(slowDrops).hasValue(1);
    assertThat(closes).containsExactly(CloseStatus.SESSION_NOT_RELIABLE);
    writes.get(0).complete();
    assertThat(writes).as("nothing written after the drop").hasSize(1);
  }

  @Test
  void framesALaneHandsOverInOneStretch_reachTheMemberInOneWrite_andAnIdleLaneWritesAtOnce() throws Exception {
    SessionOutbox outbox = outbox(32768);
    SessionLanes lanes = new SessionLanes(1, 64);
    java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(6);
    List<Integer> writesSeenByTask = new java.util.concurrent.CopyOnWriteArrayList<>();
    try {
      lanes.execute(SessionLanesTest.task("s1", () -> {
        await(busy); // the lane is busy while five more frames for the member arrive
        done.countDown();
      }));
      for (int n = 1; n <= 5; n++) {
        int frame = n;
        lanes.execute(SessionLanesTest.task("s1", () -> {
          send(outbox, frame);
          synchronized (writes) {
            writesSeenByTask.add(writes.size());
          }
          done.countDown();
        }));
      }
      busy.countDown();
      assertThat(done.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> writes.size() == 1);
      assertThat(writesSeenByTask).as("nothing written while the lane still had frames to hand over")
          .containsOnly(0);
      assertThat(writes.get(0).isBinary()).isTrue();
      assertThat(writes.get(0).text()).isEqualTo(frame(1) + frame(2) + frame(3) + frame(4) + frame(5));
      writes.get(0).complete();

      java.util.concurrent.CountDownLatch alone = new java.util.concurrent.CountDownLatch(1);
      lanes.execute(SessionLanesTest.task("s1", () -> {
        send(outbox, 6);
        alone.countDown();
      }));
      assertThat(alone.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> writes.size() == 2);
      assertThat(writes.get(1).text()).isEqualTo(frame(6));
      assertThat(writes.get(1).isBinary()).isFalse();
    } finally {
      lanes.destroy();
    }
  }

  private static void send(SessionOutbox outbox, int n) {
    try {
      outbox.sendMessage(new TextMessage(frame(n)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
