package chat.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every line the command prints goes through here: human text, or one JSON object per line with
 * {@code --json}. Lines can be routed above the interactive prompt ({@link #printAbove}).
 */
final class Output {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean verbose;
  private final Screen screen;
  private volatile Consumer<String> above;

  Output(PrintWriter out, boolean json, boolean verbose) {
    this(out, out, json, verbose, Screen.plain());
  }

  /** @param err where a person reads what went wrong (with --json, every event goes to {@code out}) */
  Output(PrintWriter out, PrintWriter err, boolean json, boolean verbose, Screen screen) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.verbose = verbose;
    this.screen = screen;
  }

  Screen screen() {
    return screen;
  }

  boolean verbose() {
    return verbose;
  }

  boolean json() {
    return json;
  }

  /** While an interactive prompt is shown, human lines go above it instead of through it. */
  void printAbove(Consumer<String> printer) {
    this.above = printer;
  }

  /** One event: {@code human} for people, {@code fields} (with {@code event}) for --json. */
  void event(String event, String human, Map<String, Object> fields) {
    if (json) {
      ObjectNode node = JSON.createObjectNode();
      node.put("event", event);
      fields.forEach((k, v) -> node.putPOJO(k, v));
      line(node.toString());
    } else if (human != null) {
      line(screen.line(human));
    }
  }

  /**
   * What ended the chat or stopped it from starting: for a person one line on stderr (so it is
   * seen when stdout is piped away); in --json an event like any other.
   */
  void failure(String event, String human, Map<String, Object> fields) {
    if (json) {
      event(event, human, fields);
      return;
    }
    synchronized (this) {
      out.flush();
      err.println(human);
      err.flush();
    }
  }

  /** Shown to humans only with --verbose; always present in --json. */
  void detail(String event, String human, Map<String, Object> fields) {
    if (json || verbose) {
      event(event, human, fields);
    }
  }

  private synchronized void line(String text) {
    Consumer<String> printer = above;
    if (printer != null && !json) {
      printer.accept(text);
    } else {
      out.println(text);
      out.flush();
    }
  }
}
