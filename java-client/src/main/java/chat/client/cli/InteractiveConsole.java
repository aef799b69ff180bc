package chat.client.cli;

import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The terminal loop: incoming chat is printed above the line being typed, the prompt is the chat's
 * status ({@link StatusLine}), Ctrl-D and Ctrl-C leave (Ctrl-C on a half-typed line clears it
 * first; a second one leaves), and an error on one line is reported without ending the loop.
 * The terminal stays open after the loop, until {@link #close}: closing it closes the process's
 * standard output, and what follows the last line typed (what is still being sent, "bye") would
 * be lost.
 */
final class InteractiveConsole implements AutoCloseable {

  private final ChatLoop loop;
  private final Output output;
  private final StatusLine status;
  private volatile Terminal terminal;

  InteractiveConsole(ChatLoop loop, Output output, StatusLine status) {
    this.loop = loop;
    this.output = output;
    this.status = status;
  }

  void run() throws IOException {
    terminal = TerminalBuilder.builder().system(true).build();
    {
      // the typed line is erased once sent: it comes back as the chat shows it, with its time and name
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("e2e-chat")
          .option(LineReader.Option.ERASE_LINE_ON_FINISH, true).build();
      loop.echoOwnLines();
      status.refresh();
      status.watch();
      output.printAbove(line -> {
        if (reader instanceof LineReaderImpl impl) {
          impl.setPrompt(status.prompt()); // drawn again with the line printed above it
        }
        reader.printAbove(line);
      });
      Ticker.every(500, "status-redraw", () -> redrawWhenChanged(reader));
      boolean interruptedOnce = false;
      try {
        while (true) {
          String line;
          try {
            line = reader.readLine(status.prompt());
          } catch (UserInterruptException e) {
            if (e.getPartialLine().isEmpty() || interruptedOnce) {
              return; // Ctrl-C on an empty line (or twice): leave, as /quit does
            }
            interruptedOnce = true;
            reader.printAbove("* line cleared; Ctrl-C again (or Ctrl-D, /quit) leaves");
            continue;
          } catch (EndOfFileException e) {
            return;
          }
          interruptedOnce = false;
          try {
            if (!loop.handle(line)) {
              return;
            }
          } catch (RuntimeException e) {
            reader.printAbove("! " + e.getMessage());
          }
        }
      } finally {
        output.printAbove(null);
      }
    }
  }

  private volatile String shown = "";

  /**
   * Draws the status prompt again when it changed with nothing printed (a rekey, the link coming
   * back): JLine's widgets take its display lock, and refuse outside a readLine call.
   */
  private void redrawWhenChanged(LineReader reader) {
    String now = status.prompt();
    if (now.equals(shown) || !(reader instanceof LineReaderImpl impl)) {
      return;
    }
    shown = now;
    try {
      impl.setPrompt(now);
      reader.callWidget(LineReader.REDRAW_LINE);
      reader.callWidget(LineReader.REDISPLAY);
    } catch (IllegalStateException notReading) {
      shown = ""; // between two lines: the next readLine draws it
    }
  }

  /** Gives the terminal back as it was (its modes), once nothing more is printed. */
  @Override
  public void close() throws IOException {
    if (terminal != null) {
      terminal.close();
    }
  }
}
