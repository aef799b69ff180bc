package chat.client.cli.command;

/** {@code /msg USER TEXT}: a private message only USER can read. */
final class DirectMessage implements SlashCommand {

  @Override
  public String name() {
    return "/msg";
  }

  @Override
  public String arguments() {
    return "USER TEXT";
  }

  @Override
  public int required() {
    return 2;
  }

  @Override
  public String help() {
    return "a private message only USER can read";
  }

  @Override
  public boolean run(String[] args, CommandContext chat) {
    String to = args[0];
    String text = args[1];
    String yourself = chat.notAnotherMember(to);
    if (yourself != null) {
      chat.notice("* not sent: " + yourself + "; /msg is for another member of the room", "not sent");
      return true;
    }
    try {
      String id = chat.await(chat.client().direct(to, text));
      chat.event("sent-direct", "[private] you -> " + chat.name(to, false) + ": " + text, "to", to, "id", id,
          "text", text);
    } catch (RuntimeException e) {
      chat.event("notice", "* not sent: " + e.getMessage(), "text", "not sent", "reason", e.getMessage());
    }
    return true;
  }
}
