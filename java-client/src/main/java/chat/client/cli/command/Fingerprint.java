package chat.client.cli.command;

/** {@code /fingerprint}: your own identity fingerprint, to read out to others. */
final class Fingerprint implements SlashCommand {

  @Override
  public String name() {
    return "/fingerprint";
  }

  @Override
  public String help() {
    return "your own identity fingerprint, to read out to others";
  }

  @Override
  public boolean run(String[] args, CommandContext chat) {
    String fingerprint = chat.client().fingerprint();
    String keys = chat.client().keyProtection();
    chat.event("fingerprint", "* your identity fingerprint: " + fingerprint + " (room keys: " + keys + ")",
        "fingerprint", fingerprint, "keyProtection", keys);
    return true;
  }
}
