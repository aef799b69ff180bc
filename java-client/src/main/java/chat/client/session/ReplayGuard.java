package chat.client.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Remembers which (author, epoch, kind, counter) were accepted, so a frame the relay replays is
 * dropped, and tells how a new one arrived: in order, after a gap (messages the relay dropped), or
 * late (out of order). Each author counts its room messages and its direct messages apart, from 1
 * in each epoch. Old epochs are forgotten once their key is (the token TTL bounds anything older).
 *
 * <p>Kept in a file beside the identity when the client has a config directory, written after
 * every accepted message: a client restarted with the same identity must not show an old message
 * again when the relay replays it under a key it still holds. Confined to the session thread.
 */
public final class ReplayGuard {

  /**
   * How a message arrived.
   *
   * @param missingBefore messages of this author's numbering that never arrived between the last
   *     one seen and this one (0 when in order, or when it is the first one seen)
   * @param late it arrived after a later one of the same author (out of order)
   */
  public record Arrival(boolean fresh, long missingBefore, boolean late) {
    static final Arrival REPLAY = new Arrival(false, 0, false);
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, TreeSet<Long>> seen = new HashMap<>();
  private final Path file;

  private ReplayGuard(Path file) {
    this.file = file;
  }

  public static ReplayGuard inMemory() {
    return new ReplayGuard(null);
  }

  /** Loads what an earlier run of this client accepted, from {@code file} if it exists. */
  public static ReplayGuard persistent(Path file) throws IOException {
    ReplayGuard guard = new ReplayGuard(file);
    if (Files.exists(file)) {
      JsonNode root = JSON.readTree(file.toFile());
      root.fields().forEachRemaining(e -> {
        TreeSet<Long> counters = new TreeSet<>();
        e.getValue().forEach(n -> counters.add(n.asLong()));
        guard.seen.put(e.getKey(), counters);
      });
    }
    return guard;
  }

  /** How a message would arrive, without recording it; {@code fresh} is false for a replay. */
  Arrival arrival(String author, long epoch, String kind, long counter) {
    TreeSet<Long> counters = seen.get(key(author, epoch, kind));
    if (counters == null || counters.isEmpty()) {
      return new Arrival(true, 0, false); // we may have joined after its first messages
    }
    if (counters.contains(counter)) {
      return Arrival.REPLAY;
    }
    long highest = counters.last();
    return counter > highest ? new Arrival(true, counter - highest - 1, false) : new Arrival(true, 0, true);
  }

  /** Remembers an accepted message (and writes the file, when there is one). */
  void record(String author, long epoch, String kind, long counter) {
    if (seen.computeIfAbsent(key(author, epoch, kind), k -> new TreeSet<>()).add(counter)) {
      save();
    }
  }

  /** {@link #arrival} and, if fresh, {@link #record}. */
  Arrival accept(String author, long epoch, String kind, long counter) {
    Arrival arrival = arrival(author, epoch, kind, counter);
    if (arrival.fresh()) {
      record(author, epoch, kind, counter);
    }
    return arrival;
  }

  private static String key(String author, long epoch, String kind) {
    return author + "\n" + epoch + "\n" + kind;
  }

  /**
   * The highest counter recorded for (author, epoch, kind), 0 if none: where a member resumes its
   * own numbering in an epoch it already wrote in (a restart with a key it still shares), so the
   * others do not take its new messages for replays.
   */
  long highest(String author, long epoch, String kind) {
    TreeSet<Long> counters = seen.get(key(author, epoch, kind));
    return counters == null || counters.isEmpty() ? 0 : counters.last();
  }

  /** Forgets epochs older than {@code oldestKept}. */
  void forgetBefore(long oldestKept) {
    boolean changed = seen.keySet().removeIf(k -> {
      String[] parts = k.split("\n");
      long epoch = Long.parseLong(parts[parts.length - 2]);
      return epoch >= 0 && epoch < oldestKept;
    });
    if (changed) {
      save();
    }
  }

  private void save() {
    if (file == null) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    seen.forEach((key, counters) -> counters.forEach(root.putArray(key)::add));
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "replay", ".tmp");
      JSON.writeValue(temp.toFile(), root);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the replay guard " + file, e);
    }
  }
}
