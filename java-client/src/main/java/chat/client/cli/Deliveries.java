package chat.client.cli;

import static chat.client.cli.ConsoleEvents.fields;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Each message's delivery state, for a person and for {@code --json}: {@code sent} (pending) when
 * sealed, {@code delivered} when the relay confirmed it (RECEIPT). A confirmation is quick and
 * shown only in {@code --json} and {@code --verbose}; a message still unconfirmed after
 * {@link #SLOW_MILLIS} gets a line on screen, and another when it is confirmed at last, so a
 * person always knows which of their lines are not yet out. The two states come from different
 * threads (the session seals, the link confirms): a confirmation that comes first is held until
 * its {@code sent}, so the stream always says them in that order.
 */
final class Deliveries {

  static final long SLOW_MILLIS = 3000;
  private static final int EARLY_KEPT = 1000;
  private static final int EXCERPT = 40;

  private final Output output;
  private final LongSupplier clock;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  /** Confirmations whose message was not yet said to be sent (records and invitations never are). */
  private final Set<String> confirmedFirst = new LinkedHashSet<>();

  Deliveries(Output output, LongSupplier clock) {
    this.output = output;
    this.clock = clock;
  }

  synchronized void sent(String id, String text) {
    output.detail("sent", null, fields("id", id, "text", text, "state", "pending"));
    if (confirmedFirst.remove(id)) {
      output.detail("delivered", "  (delivered " + id + ")", fields("id", id));
    } else {
      pending.put(id, new Pending(text, clock.getAsLong()));
    }
  }

  synchronized void delivered(String id) {
    Pending p = pending.remove(id);
    if (p == null) {
      confirmedFirst.add(id);
      if (confirmedFirst.size() > EARLY_KEPT) {
        Iterator<String> oldest = confirmedFirst.iterator();
        oldest.next();
        oldest.remove();
      }
      return;
    }
    if (p.slow) {
      output.event("delivered", "* delivered now: " + excerpt(p.text), fields("id", id, "late", true));
    } else {
      output.detail("delivered", "  (delivered " + id + ")", fields("id", id));
    }
  }

  /** Messages sealed and not yet confirmed by the relay. */
  synchronized int pending() {
    return pending.size();
  }

  /** Messages the relay has not confirmed for longer than {@link #SLOW_MILLIS} (each was said on screen). */
  synchronized int slow() {
    return (int) pending.values().stream().filter(p -> p.slow).count();
  }

  /** Says, once each, which messages have waited longer than {@link #SLOW_MILLIS} for the relay. */
  synchronized void check() {
    long now = clock.getAsLong();
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      Pending p = e.getValue();
      if (!p.slow && now - p.sentAt >= SLOW_MILLIS) {
        p.slow = true;
        output.event("unconfirmed", "* not yet confirmed by the relay: " + excerpt(p.text)
            + " (kept; sent again if the link is cut)", fields("id", e.getKey(), "waitedMillis", now - p.sentAt));
      }
    }
  }

  /** Checks twice a second on a daemon thread, for as long as the command runs. */
  void watch() {
    Ticker.every(500, "delivery-watch", this::check);
  }

  private static String excerpt(String text) {
    String line = text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "…";
    return "\"" + line + "\"";
  }

  private static final class Pending {
    final String text;
    final long sentAt;
    boolean slow;

    Pending(String text, long sentAt) {
      this.text = text;
      this.sentAt = sentAt;
    }
  }
}
