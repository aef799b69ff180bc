package chat.client.cli;

import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The terminal loop: incoming chat is printed above the line being typed, Ctrl-C is ignored,
 * Ctrl-D leaves, and an error on one line is reported without ending the loop.
 */
final class InteractiveConsole {

  private final ChatLoop loop;
  private final Output output;

  InteractiveConsole(ChatLoop loop, Output output) {
    this.loop = loop;
    this.output = output;
  }

  void run() throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("e2e-chat").build();
      output.printAbove(reader::printAbove);
      try {
        while (true) {
          String line;
          try {
            line = reader.readLine("> ");
          } catch (UserInterruptException e) {
            continue;
          } catch (EndOfFileException e) {
            return;
          }
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
}
