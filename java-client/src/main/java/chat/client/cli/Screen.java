package chat.client.cli;

import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * How a line looks to a person: the local time in front (on a terminal, or when a format is asked
 * for), each member's name in a colour of its own with {@code ✓} once its fingerprint was compared,
 * warnings in red. Colour only on a terminal, and never when {@code NO_COLOR} is set
 * (no-color.org) or {@code --color never}.
 */
final class Screen {

  /** ANSI colours for names (no red: that is for warnings), picked by the name so each keeps its own. */
  private static final int[] NAME_COLOURS = {32, 33, 34, 35, 36, 92, 93, 94, 95, 96};
  private static final String RESET = "\u001b[0m";

  private final boolean colour;
  private final DateTimeFormatter time;
  private final Clock clock;

  /** @param time the timestamp's format; null: none */
  Screen(boolean colour, DateTimeFormatter time, Clock clock) {
    this.colour = colour;
    this.time = time;
    this.clock = clock;
  }

  static Screen plain() {
    return new Screen(false, null, Clock.systemDefaultZone());
  }

  boolean colour() {
    return colour;
  }

  /** A member's name as shown in the chat: coloured, marked when verified. */
  String name(String member, boolean verified) {
    String shown = verified ? member + "✓" : member;
    if (!colour) {
      return shown;
    }
    int code = NAME_COLOURS[Math.floorMod(member.hashCode(), NAME_COLOURS.length)];
    return "\u001b[1;" + code + "m" + shown + RESET;
  }

  /** One line (or the first of several) ready to print: the time in front, a warning in red. */
  String line(String text) {
    String body = text;
    if (colour && (text.startsWith("!") || text.startsWith("?"))) {
      body = "\u001b[1;31m" + text + RESET;
    } else if (colour && text.startsWith("*")) {
      body = "\u001b[2m" + text + RESET; // the client's own notes recede behind what people say
    }
    return time == null ? body : LocalTime.now(clock).format(time) + " " + body;
  }
}
