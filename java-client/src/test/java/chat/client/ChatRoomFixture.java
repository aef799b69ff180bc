package chat.client;

import chat.client.session.RoomSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real relay on a random port and the library clients a test joins to it, closed together. */
final class ChatRoomFixture implements AutoCloseable {

  static final RoomSession.Timing TIMING = new RoomSession.Timing(Duration.ofMillis(600), Duration.ofSeconds(5),
      Duration.ofMillis(300));

  final RelayHarness relay;
  final Map<String, ChatClient> clients = new LinkedHashMap<>();
  final Map<String, RecordingEvents> events = new LinkedHashMap<>();

  ChatRoomFixture(String... relayArgs) {
    relay = new RelayHarness(relayArgs);
  }

  static ChatOptions options(RelayHarness relay, String name, String room) {
    return ChatOptions.defaults(name).withServer(relay.uri()).withRoom(room).withTiming(TIMING).withRsaBits(2048);
  }

  /** Joins a client; waits for its room key when {@code awaitKey}; {@code configDir} null: a fresh identity. */
  ChatClient join(String name, String room, RoomSession.Rules rules, boolean awaitKey, Path configDir) throws Exception {
    RecordingEvents recording = new RecordingEvents();
    ChatOptions o = options(relay, name, room).withRules(rules);
    ChatClient client = new ChatClient(new ChatOptions(o.server(), o.member(), o.room(), null, o.rsaBits(),
        o.connectTimeout(), o.tokenTtl(), o.timing(), o.rules(), configDir, null, o.link()), recording);
    clients.put(name, client);
    events.put(name, recording);
    client.connect();
    if (awaitKey) {
      recording.keyId.get(20, TimeUnit.SECONDS);
    }
    return client;
  }

  ChatClient join(String name, String room) throws Exception {
    return join(name, room, RoomSession.Rules.DEFAULT, true, null);
  }

  /** Waits until the named members all hold one room key (every join makes a new one), and returns its id. */
  String awaitOneKey(String... names) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> java.util.Arrays.stream(names)
        .map(n -> events.get(n).currentKeyId).distinct().count() == 1 && events.get(names[0]).currentKeyId != null);
    return events.get(names[0]).currentKeyId;
  }

  @Override
  public void close() {
    clients.values().forEach(ChatClient::close);
    relay.close();
  }

}
