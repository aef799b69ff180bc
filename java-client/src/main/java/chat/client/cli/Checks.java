package chat.client.cli;

import java.time.format.DateTimeFormatter;
import picocli.CommandLine;

/** The option checks picocli's types do not make: each failure is one plain sentence (exit 2). */
final class Checks {

  private final CommandLine line;

  Checks(CommandLine line) {
    this.line = line;
  }

  void rule(boolean holds, String otherwise) {
    if (!holds) {
      throw new CommandLine.ParameterException(line, otherwise);
    }
  }

  void positive(String option, double value) {
    rule(value > 0, option + " must be more than 0, not " + (value == Math.rint(value) ? String.valueOf((long) value)
        : String.valueOf(value)));
  }

  /** The timestamp format: the one given ('none': none), else HH:mm when a person reads a terminal. */
  DateTimeFormatter timeFormat(String pattern, boolean onTerminal) {
    if (pattern == null) {
      return onTerminal ? DateTimeFormatter.ofPattern("HH:mm") : null;
    }
    if (pattern.isBlank() || pattern.equalsIgnoreCase("none")) {
      return null;
    }
    try {
      DateTimeFormatter format = DateTimeFormatter.ofPattern(pattern);
      format.format(java.time.LocalTime.NOON); // a pattern asking for a date fails here, not on the first line
      return format;
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new CommandLine.ParameterException(line, "--time-format '" + pattern + "' is not a time pattern such as"
          + " HH:mm or HH:mm:ss (" + e.getMessage() + ")");
    }
  }
}
