package chat.client.cli.command;

/** {@code /quit}: leaves (as Ctrl-D and Ctrl-C do). */
final class Quit implements SlashCommand {

  @Override
  public String name() {
    return "/quit";
  }

  @Override
  public String help() {
    return "leave (Ctrl-D, Ctrl-C too); queued lines go first";
  }

  @Override
  public boolean run(String[] args, CommandContext chat) {
    return false;
  }
}
