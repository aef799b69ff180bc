package chat.client.cli;

import chat.client.ChatClient;
import java.util.concurrent.TimeUnit;

/**
 * The chat's state in one line, shown as the prompt: room, epoch, members, the link, and what is
 * still going out ({@code den · epoch 4 · 3 members · online > }). The room's state is read once a
 * second off the input thread; the prompt is drawn again whenever a line is printed above it or typed.
 */
final class StatusLine {

  private final ChatClient client;
  private final ConsoleEvents events;
  private volatile long epoch = -1;
  private volatile int members = -1;

  StatusLine(ChatClient client, ConsoleEvents events) {
    this.client = client;
    this.events = events;
  }

  /** Reads the room's epoch and size twice a second, for as long as the command runs. */
  void watch() {
    Ticker.every(500, "status-line", this::refresh);
  }

  void refresh() {
    try {
      epoch = client.epoch().get(1, TimeUnit.SECONDS);
      // the room's record lists who is in; someone the client still knows but who left is not counted
      members = (int) client.members().get(1, TimeUnit.SECONDS).stream().filter(m -> m.keyed()).count() + 1;
    } catch (Exception e) {
      // the session is busy or closing: the last state stands
    }
  }

  /** The prompt, as it stands now. */
  String prompt() {
    StringBuilder line = new StringBuilder(client.options().room());
    if (epoch >= 0) {
      line.append(" · epoch ").append(epoch);
    }
    if (members > 0) {
      line.append(" · ").append(members).append(members == 1 ? " member" : " members");
    }
    int kept = client.queued();
    line.append(client.online() ? " · online" : " · OFFLINE");
    if (kept > 0) {
      line.append(", ").append(kept).append(" kept");
    }
    int slow = events.deliveries.slow();
    if (slow > 0) {
      line.append(" · ").append(slow).append(" unconfirmed");
    }
    return line.append(" > ").toString();
  }
}
