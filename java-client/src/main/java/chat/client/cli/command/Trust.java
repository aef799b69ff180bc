package chat.client.cli.command;

/** {@code /trust USER}: accepts USER's new identity key after a change warning. */
final class Trust implements SlashCommand {

  @Override
  public String name() {
    return "/trust";
  }

  @Override
  public String arguments() {
    return "USER";
  }

  @Override
  public int required() {
    return 1;
  }

  @Override
  public String help() {
    return "accept USER's changed identity key (compare first)";
  }

  @Override
  public boolean run(String[] args, CommandContext chat) {
    String member = args[0];
    boolean ok = chat.await(chat.client().trustNewIdentity(member));
    chat.event("trust", ok ? "* now trusting " + member + "'s new identity key (not verified: compare it, then /verify)"
        : "! no changed identity key to accept for " + member, "member", member, "ok", ok);
    return true;
  }
}
