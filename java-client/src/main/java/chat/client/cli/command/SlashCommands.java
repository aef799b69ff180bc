package chat.client.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every command the chat understands, for the chat loop, {@code /help} and {@code --help}. */
public final class SlashCommands {

  private final Map<String, SlashCommand> byName = new LinkedHashMap<>();

  public SlashCommands() {
    List<SlashCommand> all = List.of(new HelpCommand(this), new Who(), new Fingerprint(), new Verify(), new Trust(),
        new DirectMessage(), new Invite(), MemberDecision.accept(), MemberDecision.refuse(), MemberDecision.kick(),
        new Quit());
    all.forEach(c -> byName.put(c.name(), c));
  }

  public Optional<SlashCommand> find(String name) {
    return Optional.ofNullable(byName.get(name.equals("/exit") ? "/quit" : name));
  }

  /** One line per command, usage then help, aligned; the last line says what plain text does. */
  public String help() {
    int width = byName.values().stream().mapToInt(c -> c.usage().length()).max().orElse(0) + 2;
    StringBuilder out = new StringBuilder();
    for (SlashCommand c : byName.values()) {
      out.append(String.format("  %-" + width + "s%s", c.usage(), c.help())).append('\n');
    }
    return out.append("  anything else is sent to the room, end-to-end encrypted and signed").toString();
  }

  /** The words after a command's name: the last required one takes the rest of the line. */
  public static String[] arguments(String afterName, int required) {
    String rest = afterName.strip();
    if (required == 0) {
      return rest.isEmpty() ? new String[0] : rest.split("\\s+");
    }
    String[] words = rest.isEmpty() ? new String[0] : rest.split("\\s+", required);
    return words;
  }

  /** {@code /help}. */
  private static final class HelpCommand implements SlashCommand {
    private final SlashCommands commands;

    HelpCommand(SlashCommands commands) {
      this.commands = commands;
    }

    @Override
    public String name() {
      return "/help";
    }

    @Override
    public String help() {
      return "this help";
    }

    @Override
    public boolean run(String[] args, CommandContext chat) {
      String text = commands.help();
      chat.event("help", text, "text", text);
      return true;
    }
  }
}
