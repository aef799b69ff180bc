package chat.wire;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The only destinations the relay serves: {@code /topic/room.<name>}. The dot form maps one to
 * one onto a RabbitMQ topic routing key, so a broker relay can carry rooms unchanged.
 */
public final class RoomDestination {

  public static final String PREFIX = "/topic/room.";
  public static final int MAX_ROOM_NAME_CHARS = 64;
  /** The rule for room names in words, for error messages on both sides. */
  public static final String RULE = "1 to " + MAX_ROOM_NAME_CHARS + " characters of A-Z a-z 0-9 _ -";
  private static final Pattern ROOM_NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_ROOM_NAME_CHARS + "}");

  private RoomDestination() {}

  /** The room a destination names, or empty when it is not a valid room destination. */
  public static Optional<String> roomOf(String destination) {
    if (destination == null || !destination.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String room = destination.substring(PREFIX.length());
    return isValidRoomName(room) ? Optional.of(room) : Optional.empty();
  }

  public static boolean isValidRoomName(String room) {
    return room != null && ROOM_NAME.matcher(room).matches();
  }

  public static String of(String room) {
    if (!isValidRoomName(room)) {
      throw new IllegalArgumentException("invalid room name");
    }
    return PREFIX + room;
  }
}
