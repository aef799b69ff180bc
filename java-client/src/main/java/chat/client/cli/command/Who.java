package chat.client.cli.command;

import chat.client.MemberView;
import java.util.List;
import java.util.Map;

/** {@code /who}: the members, each with the fingerprint to compare and what this user knows of it. */
final class Who implements SlashCommand {

  @Override
  public String name() {
    return "/who";
  }

  @Override
  public String help() {
    return "members, fingerprints, and whom you verified";
  }

  @Override
  public boolean run(String[] args, CommandContext chat) {
    List<MemberView> members = chat.await(chat.client().members());
    String me = chat.client().options().member();
    String mine = chat.client().keyProtection();
    StringBuilder human = new StringBuilder("* you: " + me + " (identity " + chat.client().fingerprint() + ", keys: "
        + mine + ")");
    List<Map<String, Object>> listed = new java.util.ArrayList<>();
    for (MemberView m : members) {
      boolean seen = !m.fingerprint().startsWith("(");
      String trust = trust(m.trust());
      human.append("\n* ").append(chat.name(m.name(), m.trust() == MemberView.Trust.VERIFIED)).append(" (")
          .append(seen ? "identity " + m.fingerprint() + ", " + trust : "identity not seen yet")
          .append(m.keyProtection() == null ? "" : ", keys: " + m.keyProtection())
          .append(m.blocked() ? ", IDENTITY CHANGED: blocked until /trust" : "")
          .append(m.keyed() ? "" : ", no room key yet").append(")");
      listed.add(CommandContext.fields("name", m.name(), "fingerprint", seen ? m.fingerprint() : null,
          "trust", trust, "verified", m.trust() == MemberView.Trust.VERIFIED, "identityChanged", m.blocked(),
          "keyed", m.keyed(), "keyProtection", m.keyProtection()));
    }
    chat.event("who", human.toString(), "me", me, "fingerprint", chat.client().fingerprint(), "keyProtection", mine,
        "members", listed);
    return true;
  }

  private static String trust(MemberView.Trust trust) {
    return switch (trust) {
      case VERIFIED -> "verified";
      case NOT_VERIFIED -> "not verified";
      case UNKNOWN -> "not verified, first seen now";
    };
  }
}
