package chat.client.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * How the command fails: one line on stderr in plain words, what to do, "see --help"; never the
 * whole usage (it would scroll the error off a 24-row terminal), never a stack trace unless
 * {@code --verbose} asked for details.
 */
final class ErrorReports implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    String message = e.getMessage();
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
      message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
    }
    err.println("error: " + plain(message) + "; see --help");
    err.flush();
    return ExitCode.USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    err.println("error: " + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage())
        + " (this is a fault of the client; --verbose shows where)");
    if (parsed.hasMatchedOption("--verbose")) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCode.FAILURE;
  }

  /** Picocli's conversion errors name the Java type; a person wants the option and what it takes. */
  private static String plain(String message) {
    return message.replaceAll("is not an? (double|long|int|float)", "is not a number")
        .replaceAll("java\\.net\\.URISyntaxException: ", "").replaceAll(" \\(java\\.[\\w.]+\\)", "");
  }
}
