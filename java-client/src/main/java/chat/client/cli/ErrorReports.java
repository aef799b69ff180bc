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
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
        && !unmatched.getUnmatched().isEmpty()) {
      String typed = unmatched.getUnmatched().get(0);
      String closest = unmatched.getSuggestions().stream()
          .min(java.util.Comparator.comparingInt(s -> distance(typed, s))).orElseThrow();
      message += " (did you mean " + closest + "?)";
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

  /** Edits from one word to the other (Levenshtein): picocli's suggestions are not ordered by it. */
  static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }

  /** Picocli's conversion errors name the Java type; a person wants the option and what it takes. */
  private static String plain(String message) {
    return message.replaceAll("is not an? (double|long|int|float)", "is not a number")
        .replaceAll("java\\.net\\.URISyntaxException: ", "").replaceAll(" \\(java\\.[\\w.]+\\)", "");
  }
}
