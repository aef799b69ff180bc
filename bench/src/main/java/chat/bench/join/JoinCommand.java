package chat.bench.join;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The join storm from the command line; prints one JSON result line. */
@Command(name = "join-storm", mixinStandardHelpOptions = true,
    description = "N real chat clients join one fresh room at once; then late joiners join the full room one by one.")
public final class JoinCommand implements Callable<Integer> {

  @Option(names = "--url", defaultValue = "ws://127.0.0.1:5535/chat")
  URI url;
  @Option(names = "--clients", defaultValue = "50")
  int clients;
  @Option(names = "--spread", defaultValue = "PT1S", description = "The storm's joins are spread over this long.")
  Duration spread;
  @Option(names = "--late-joiners", defaultValue = "5", description = "Members who join the full room one at a time.")
  int lateJoiners;
  @Option(names = "--timeout", defaultValue = "PT30S")
  Duration timeout;
  @Option(names = "--empty-room", description = "No host: the storm hits an empty room and elects a creator.")
  boolean emptyRoom;
  @Option(names = "--room", description = "Default: a fresh random room.")
  String room;

  public static void main(String[] args) {
    System.exit(new CommandLine(new JoinCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String name = room != null ? room : "storm-" + Long.toHexString(System.nanoTime());
    JoinStorm.Result result = new JoinStorm(url, name).run(clients, spread, lateJoiners, timeout, !emptyRoom);
    System.out.println(result.toJson());
    return result.keyed() == clients ? 0 : 1;
  }
}
