package chat.relay.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHandlingRunnable;

class SessionLanesTest {

  @Test
  void eachSessionGetsItsFramesInOrder_whileSessionsSpreadOverTheLanes() throws Exception {
    SessionLanes lanes = new SessionLanes(4, 64); // a small lane: the publisher also waits on full lanes
    int sessions = 40;
    int frames = 2000;
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, String> threadOf = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(sessions * frames);
    try {
      for (int i = 0; i < frames; i++) {
        for (int s = 0; s < sessions; s++) {
          String session = "session-" + s;
          int n = i;
          lanes.execute(task(session, () -> {
            seen.computeIfAbsent(session, k -> new CopyOnWriteArrayList<>()).add(n);
            threadOf.put(session, Thread.currentThread().getName());
            done.countDown();
          }));
        }
      }
      assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      lanes.destroy();
    }
    for (List<Integer> got : seen.values()) {
      assertThat(got).hasSize(frames).isSorted();
    }
    assertThat(threadOf.values().stream().distinct().count()).as("lanes used").isGreaterThan(1);
  }

  @Test
  void aFrameThatFails_doesNotStopItsLane() throws Exception {
    SessionLanes lanes = new SessionLanes(1, 8);
    CountDownLatch next = new CountDownLatch(1);
    try {
      lanes.execute(task("s1", () -> {
        throw new IllegalStateException("boom");
      }));
      lanes.execute(task("s1", next::countDown));
      assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      lanes.destroy();
    }
  }

  @Test
  void aTaskForNoSession_runsOnTheCallersThread() throws Exception {
    SessionLanes lanes = new SessionLanes(2, 8);
    String[] ranOn = new String[1];
    lanes.execute(() -> ranOn[0] = Thread.currentThread().getName());
    lanes.destroy();
    assertThat(ranOn[0]).isEqualTo(Thread.currentThread().getName());
  }

  static MessageHandlingRunnable task(String session, Runnable body) {
    SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create();
    headers.setSessionId(session);
    Message<byte[]> message = MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
    return new MessageHandlingRunnable() {
      @Override
      public Message<?> getMessage() {
        return message;
      }

      @Override
      public org.springframework.messaging.MessageHandler getMessageHandler() {
        return m -> body.run();
      }

      @Override
      public void run() {
        body.run();
      }
    };
  }
}
