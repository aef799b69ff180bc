package chat.client.cli.command;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** {@code /accept}, {@code /refuse} and {@code /kick}: one member, one decision about them. */
final class MemberDecision implements SlashCommand {

  private final String name;
  private final String help;
  private final String event;
  private final BiFunction<chat.client.ChatClient, String, CompletableFuture<Boolean>> decide;
  private final String done;
  private final String refused;

  /** {@code done} and {@code refused} name the member with {@code %s}. */
  private MemberDecision(String name, String help, String event,
      BiFunction<chat.client.ChatClient, String, CompletableFuture<Boolean>> decide, String done, String refused) {
    this.name = name;
    this.help = help;
    this.event = event;
    this.decide = decide;
    this.done = done;
    this.refused = refused;
  }

  static MemberDecision accept() {
    return new MemberDecision("/accept", "let USER in (approve rooms)", "accept", chat.client.ChatClient::accept,
        "let %s in", "nobody called %s is waiting to join");
  }

  static MemberDecision refuse() {
    return new MemberDecision("/refuse", "turn USER away; they are told (approve rooms)", "refuse",
        chat.client.ChatClient::refuse, "turned %s away; they were told", "nobody called %s is waiting to join");
  }

  static MemberDecision kick() {
    return new MemberDecision("/kick", "remove USER and rekey (the room's creator only)", "kick",
        chat.client.ChatClient::kick, "removed %s; the room moves to a new key",
        "only the room's creator can remove a member, and %s must be one");
  }

  @Override
  public String name() {
    return name;
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
    return help;
  }

  @Override
  public boolean run(String[] args, CommandContext chat) {
    String member = args[0];
    String yourself = chat.notAnotherMember(member);
    if (yourself != null) {
      chat.event(event, "! " + yourself + ": " + name + " is about another member", "member", member, "ok", false);
      return true;
    }
    boolean ok = chat.await(decide.apply(chat.client(), member));
    chat.event(event, ok ? "* " + done.formatted(member) : "! " + refused.formatted(member), "member", member, "ok", ok);
    return true;
  }
}
