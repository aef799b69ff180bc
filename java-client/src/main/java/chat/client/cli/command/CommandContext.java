package chat.client.cli.command;

import chat.client.ChatClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a command acts on and speaks through: the chat client, and the screen (a line for people,
 * an event for {@code --json}).
 */
public final class CommandContext {

  /** Where a command's answer goes: a person's line, or the event with its fields. */
  public interface Out {
    void event(String event, String human, Map<String, Object> fields);

    /** How a member's name is shown (its colour, and whether its fingerprint was compared). */
    String name(String member, boolean verified);
  }

  private final ChatClient client;
  private final Out out;

  public CommandContext(ChatClient client, Out out) {
    this.client = client;
    this.out = out;
  }

  public ChatClient client() {
    return client;
  }

  public void event(String event, String human, Object... keyValues) {
    out.event(event, human, fields(keyValues));
  }

  public void notice(String human, String text) {
    out.event("notice", human, fields("text", text));
  }

  public String name(String member, boolean verified) {
    return out.name(member, verified);
  }

  /** A member of this room other than me, or a line saying why not (null when it is one). */
  public String notAnotherMember(String member) {
    return member.equals(client.options().member()) ? "that is you" : null;
  }

  /** Waits for the session (it answers within milliseconds; 10 s means something is stuck). */
  public <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the chat did not answer within 10 s", e);
    }
  }

  public static Map<String, Object> fields(Object... keyValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      fields.put((String) keyValues[i], keyValues[i + 1]);
    }
    return fields;
  }
}
