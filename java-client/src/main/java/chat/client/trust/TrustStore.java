package chat.client.trust;

import chat.client.crypto.MemberKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every user's identity key this client has seen, trust on first use: the first key seen for a
 * name is remembered; a different key later is a change the user must accept ({@code /trust});
 * {@code /verify} marks a key compared out of band. Kept in {@code <dir>/trust.json}; a null
 * directory keeps it in memory only.
 */
public final class TrustStore {

  /** What the store says about a presented identity key. */
  public enum Verdict {
    /** Never seen this name: remembered now (trust on first use). */
    NEW,
    /** The key we remember, not compared out of band. */
    KNOWN,
    /** The key we remember, verified by the user. */
    VERIFIED,
    /** A different key than the one we remember: refuse until the user accepts it. */
    CHANGED
  }

  /** A remembered identity. */
  public record Entry(String identityKey, boolean verified) {
    public String fingerprint() {
      return MemberKeys.fingerprint(java.util.Base64.getDecoder().decode(identityKey));
    }
  }

  /** The creator a room was first keyed under: later charters by anyone else are refused. */
  public record RoomPin(String creator, String creatorIdentityKey) {
    public String fingerprint() {
      return MemberKeys.fingerprint(java.util.Base64.getDecoder().decode(creatorIdentityKey));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;
  private final Path roomsFile;
  private final Map<String, Entry> entries = new TreeMap<>();
  private final Map<String, RoomPin> rooms = new TreeMap<>();

  private TrustStore(Path file) {
    this.file = file;
    this.roomsFile = file == null ? null : file.resolveSibling("rooms.json");
  }

  public static TrustStore inMemory() {
    return new TrustStore(null);
  }

  public static TrustStore load(Path directory) throws IOException {
    TrustStore store = new TrustStore(directory.resolve("trust.json"));
    if (Files.exists(store.file)) {
      JsonNode root = JSON.readTree(store.file.toFile());
      root.fields().forEachRemaining(e -> store.entries.put(e.getKey(),
          new Entry(e.getValue().path("identityKey").asText(), e.getValue().path("verified").asBoolean())));
    }
    if (Files.exists(store.roomsFile)) {
      JSON.readTree(store.roomsFile.toFile()).fields().forEachRemaining(e -> store.rooms.put(e.getKey(),
          new RoomPin(e.getValue().path("creator").asText(), e.getValue().path("creatorIdentityKey").asText())));
    }
    return store;
  }

  /** The creator this client first held the room's key under, if it ever did. */
  public synchronized Optional<RoomPin> roomPin(String room) {
    return Optional.ofNullable(rooms.get(room));
  }

  /** Pins a room to its creator's identity; a room already pinned keeps its pin. */
  public synchronized void pinRoom(String room, String creator, String creatorIdentityKey) {
    if (rooms.putIfAbsent(room, new RoomPin(creator, creatorIdentityKey)) == null) {
      saveRooms();
    }
  }

  /** Moves a room's pin: only when the user asked to start a new room under the name. */
  public synchronized void repinRoom(String room, String creator, String creatorIdentityKey) {
    rooms.put(room, new RoomPin(creator, creatorIdentityKey));
    saveRooms();
  }

  /** Forgets a room's pin: only for a room this client created a moment ago and gave up in a join race. */
  public synchronized void unpinRoom(String room) {
    if (rooms.remove(room) != null) {
      saveRooms();
    }
  }

  private void saveRooms() {
    if (roomsFile != null) {
      ObjectNode root = JSON.createObjectNode();
      rooms.forEach((name, pin) -> root.putObject(name).put("creator", pin.creator())
          .put("creatorIdentityKey", pin.creatorIdentityKey()));
      write(roomsFile, root);
    }
  }

  /** Looks a presented key up, remembering it when the name is new. */
  public synchronized Verdict check(String member, String identityKey) {
    Entry known = entries.get(member);
    if (known == null) {
      entries.put(member, new Entry(identityKey, false));
      save();
      return Verdict.NEW;
    }
    if (!known.identityKey().equals(identityKey)) {
      return Verdict.CHANGED;
    }
    return known.verified() ? Verdict.VERIFIED : Verdict.KNOWN;
  }

  public synchronized Optional<Entry> get(String member) {
    return Optional.ofNullable(entries.get(member));
  }

  /** Accepts a new key for a member after a change (not verified until compared again). */
  public synchronized void accept(String member, String identityKey) {
    entries.put(member, new Entry(identityKey, false));
    save();
  }

  /** Marks the remembered key verified if its fingerprint is the one given; false otherwise. */
  public synchronized boolean verify(String member, String fingerprint) {
    Entry known = entries.get(member);
    if (known == null || !normalize(known.fingerprint()).equals(normalize(fingerprint))) {
      return false;
    }
    entries.put(member, new Entry(known.identityKey(), true));
    save();
    return true;
  }

  static String normalize(String fingerprint) {
    return fingerprint.replaceAll("[^0-9a-fA-F]", "").toLowerCase(java.util.Locale.ROOT);
  }

  private void save() {
    if (file == null) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    entries.forEach((name, e) -> root.putObject(name).put("identityKey", e.identityKey()).put("verified", e.verified()));
    write(file, root);
  }

  private static void write(Path target, ObjectNode root) {
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), "trust", ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot save the trust store " + target, e);
    }
  }
}
