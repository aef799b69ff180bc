package chat.client.cli.command;

/** One command typed in the chat ({@code /who}), with its own usage and help. */
public interface SlashCommand {

  /** As typed, with its slash: {@code /who}. */
  String name();

  /** Its arguments as the usage shows them ({@code USER FINGERPRINT}); empty when it takes none. */
  default String arguments() {
    return "";
  }

  /** One line: what it does. */
  String help();

  /** How many words it needs after its name (the last one takes the rest of the line). */
  default int required() {
    return 0;
  }

  /**
   * Runs it with the words after its name ({@link #required} of them at least, the last one the
   * rest of the line); false when the chat should end.
   */
  boolean run(String[] args, CommandContext chat);

  default String usage() {
    return arguments().isEmpty() ? name() : name() + " " + arguments();
  }
}
