package chat.relay.backlog;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last frames of every room, as opaque bodies with the relay's own headers, bounded by count,
 * age and bytes per room. The relay keeps ciphertext only: what it could already see pass.
 */
public final class RoomBacklog {

  /** One frame as it was relayed. */
  public record Entry(String messageId, String member, String relaySession, String timestamp, String contentType,
      byte[] body, long atMillis) {

    /** A frame as its relay headers (native, as the guard stamped them) and content type give it. */
    static Entry of(String messageId, org.springframework.messaging.MessageHeaders headers, byte[] body, long atMillis) {
      Object type = headers.get(org.springframework.messaging.MessageHeaders.CONTENT_TYPE);
      return new Entry(messageId, String.valueOf(relayHeader(headers, chat.wire.RelayHeaders.MEMBER)),
          relayHeader(headers, chat.wire.RelayHeaders.SESSION), relayHeader(headers, chat.wire.RelayHeaders.TIMESTAMP),
          type != null ? type.toString() : relayHeader(headers, "content-type"), body, atMillis);
    }

    private static String relayHeader(org.springframework.messaging.MessageHeaders headers, String name) {
      return org.springframework.messaging.support.NativeMessageHeaderAccessor.getFirstNativeHeader(name, headers);
    }
  }

  /**
   * What a reconnecting member gets: the frames after the one it saw last, and whether some were
   * lost to the bounds (the one it names is no longer held, or it names none).
   */
  public record Replay(List<Entry> entries, boolean gap) {}

  private final BacklogProperties limits;
  private final Clock clock;
  private final Map<String, ArrayDeque<Entry>> rooms = new HashMap<>();
  private final Map<String, Long> roomBytes = new HashMap<>();
  /** The ids each room holds: a frame comes here once from its sender and again as each copy the broker delivers. */
  private final Map<String, java.util.Set<String>> roomIds = new HashMap<>();
  private final AtomicLong heldBytes = new AtomicLong();
  /** Rooms with a frame the backlog could not keep: every catch-up there says there may be a gap. */
  private final java.util.Set<String> lossy = new java.util.HashSet<>();

  public RoomBacklog(BacklogProperties limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Keeps a frame; one already held (the same relay message id) is not kept twice. */
  public synchronized void add(String room, Entry entry) {
    if (limits.messages() == 0 || roomIds.getOrDefault(room, java.util.Set.of()).contains(entry.messageId())) {
      return;
    }
    if (entry.body().length > limits.bytes() || heldBytes.get() + entry.body().length > limits.totalBytes()) {
      lossy.add(room); // not kept (many rooms at once must not grow the relay's memory without bound): a gap
      return;
    }
    ArrayDeque<Entry> frames = rooms.computeIfAbsent(room, r -> new ArrayDeque<>());
    frames.addLast(entry);
    roomIds.computeIfAbsent(room, r -> new java.util.HashSet<>()).add(entry.messageId());
    grow(room, entry.body().length);
    trim(room, frames);
  }

  /** The frames after {@code since} (a relay message id), oldest first, leaving out {@code member}'s own. */
  public synchronized Replay after(String room, String since, String member) {
    ArrayDeque<Entry> frames = rooms.get(room);
    if (frames == null) {
      return new Replay(List.of(), lossy.contains(room)); // nothing held here (perhaps nothing said)
    }
    trim(room, frames);
    boolean found = false;
    List<Entry> out = new ArrayList<>();
    for (Entry e : frames) {
      if (found && !e.member().equals(member)) {
        out.add(e);
      }
      found = found || e.messageId().equals(since);
    }
    if (found) {
      return new Replay(out, lossy.contains(room));
    }
    frames.stream().filter(e -> !e.member().equals(member)).forEach(out::add);
    return new Replay(out, true);
  }

  /** Body bytes held for all rooms (a gauge). */
  public long heldBytes() {
    return heldBytes.get();
  }

  private void trim(String room, ArrayDeque<Entry> frames) {
    long oldest = clock.millis() - limits.age().toMillis();
    for (Iterator<Entry> it = frames.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (frames.size() > limits.messages() || roomBytes.get(room) > limits.bytes() || e.atMillis() < oldest) {
        it.remove();
        roomIds.get(room).remove(e.messageId());
        grow(room, -e.body().length);
      } else {
        break;
      }
    }
    if (frames.isEmpty()) {
      rooms.remove(room);
      roomBytes.remove(room);
      roomIds.remove(room);
      lossy.remove(room); // what was not kept is older than anything a catch-up can ask for now
    }
  }

  private void grow(String room, long delta) {
    roomBytes.merge(room, delta, Long::sum);
    heldBytes.addAndGet(delta);
  }
}
