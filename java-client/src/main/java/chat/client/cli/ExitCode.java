package chat.client.cli;

/** The command's exit codes (also in README and docs/PROTOCOL.md). */
public final class ExitCode {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int RELAY_UNREACHABLE = 3;
  public static final int KEY_EXCHANGE_FAILED = 4;
  public static final int CONNECTION_LOST = 5;

  private ExitCode() {}
}
