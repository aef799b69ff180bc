package chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import chat.relay.support.RabbitMq;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An encrypted chat between clients on two relay replicas joined through the real RabbitMQ. */
class ReplicatedChatTest {

  @Test
  void clientsOnDifferentReplicas_shareTheRoomKey_andReadEachOther() throws Exception {
    RabbitMq.assumeStompListener();
    String room = "rep-" + Long.toHexString(System.nanoTime());
    try (RelayHarness a = new RelayHarness("--relay.broker.mode=rabbitmq");
         RelayHarness b = new RelayHarness("--relay.broker.mode=rabbitmq")) {
      RecordingEvents aliceEvents = new RecordingEvents();
      RecordingEvents bobEvents = new RecordingEvents();
      try (ChatClient alice = client(a, "alice", room, aliceEvents);
           ChatClient bob = client(b, "bob", room, bobEvents)) {
        alice.connect();
        aliceEvents.keyId.get(15, TimeUnit.SECONDS);
        bob.connect();
        bobEvents.keyId.get(15, TimeUnit.SECONDS);
        // bob's arrival is a new record with a new key, which alice makes: both end on it
        await().atMost(Duration.ofSeconds(10)).until(() -> bobEvents.currentKeyId.equals(aliceEvents.currentKeyId));

        alice.say("hello from replica A").get(5, TimeUnit.SECONDS);
        bob.say("hello from replica B").get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> !bobEvents.messages.isEmpty() && !aliceEvents.messages.isEmpty());
        Thread.sleep(500);
        assertThat(bobEvents.messages).containsExactly("alice: hello from replica A");
        assertThat(aliceEvents.messages).containsExactly("bob: hello from replica B");
      }
      for (String frame : a.wire.all()) {
        assertThat(frame).doesNotContain("hello from replica");
      }
    }
  }

  private static ChatClient client(RelayHarness relay, String name, String room, RecordingEvents events)
      throws Exception {
    return new ChatClient(ChatRoomFixture.options(relay, name, room), events);
  }
}
