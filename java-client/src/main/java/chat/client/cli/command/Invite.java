package chat.client.cli.command;

/** {@code /invite}: an invitation code that admits one person to this room. */
final class Invite implements SlashCommand {

  @Override
  public String name() {
    return "/invite";
  }

  @Override
  public String help() {
    return "a one-person invitation to this room (invite rooms)";
  }

  @Override
  public boolean run(String[] args, CommandContext chat) {
    try {
      String code = chat.await(chat.client().invite());
      chat.event("invitation", "* invitation (give it privately; it admits one person, through you):\n  " + code
          + "\n  they join with: --invite " + code, "code", code);
    } catch (RuntimeException e) {
      chat.event("notice", "* no invitation: " + e.getMessage(), "text", "no invitation", "reason", e.getMessage());
    }
    return true;
  }
}
