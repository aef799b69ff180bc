package chat.relay.support;

import java.time.Duration;
import java.util.List;

/** Small queries over what a test client received. */
public final class Frames {

  public static final Duration QUIET = Duration.ofMillis(700);

  private Frames() {}

  /** Chat MESSAGE frames (not presence events) received until the client has been quiet a while. */
  public static List<StompFrame> chatMessages(StompTestClient client) {
    return client.drain(QUIET).stream().filter(Frames::isChat).toList();
  }

  public static boolean isChat(StompFrame f) {
    return "MESSAGE".equals(f.command()) && f.header("relay-event") == null;
  }

  public static boolean isPresence(StompFrame f, String event, String member) {
    return "MESSAGE".equals(f.command()) && event.equals(f.header("relay-event"))
        && member.equals(f.header("relay-member"));
  }
}
