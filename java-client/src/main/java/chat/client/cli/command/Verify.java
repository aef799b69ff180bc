package chat.client.cli.command;

/** {@code /verify USER FINGERPRINT}: marks USER verified once the fingerprint was compared out of band. */
final class Verify implements SlashCommand {

  @Override
  public String name() {
    return "/verify";
  }

  @Override
  public String arguments() {
    return "USER FINGERPRINT";
  }

  @Override
  public int required() {
    return 2;
  }

  @Override
  public String help() {
    return "USER verified: their fingerprint matched out of band";
  }

  @Override
  public boolean run(String[] args, CommandContext chat) {
    String member = args[0];
    String given = args[1];
    String yourself = chat.notAnotherMember(member);
    java.util.Optional<String> known = chat.client().knownFingerprint(member);
    if (yourself != null) {
      chat.event("verify", "! " + yourself + ": /fingerprint shows your own", "member", member, "verified", false,
          "reason", "yourself");
    } else if (known.isEmpty()) {
      chat.event("verify", "! nobody called " + member + " has shown an identity here yet (/who lists who has)",
          "member", member, "verified", false, "reason", "unknown member");
    } else if (chat.client().verify(member, given)) {
      chat.event("verify", "* " + chat.name(member, true) + " is now verified: their fingerprint matches",
          "member", member, "verified", true);
    } else {
      chat.event("verify", "! " + member + "'s identity does NOT match what you were given (" + given.strip()
          + "); the one here is " + known.get() + ". Ask them again out of band before trusting them",
          "member", member, "verified", false, "reason", "mismatch", "known", known.get());
    }
    return true;
  }
}
