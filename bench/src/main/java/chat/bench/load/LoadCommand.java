package chat.bench.load;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The load generator from the command line; prints one JSON result line. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "STOMP-over-WebSocket load: R rooms x N subscribers x M publishers, or N idle sessions.")
public final class LoadCommand implements Callable<Integer> {

  @Option(names = "--target", defaultValue = "relay", description = "A name for the result line.")
  String target;
  @Option(names = "--url", defaultValue = "ws://127.0.0.1:5535/chat")
  URI url;
  @Option(names = "--destination-prefix", defaultValue = "/topic/",
      description = "Prefix of SEND and SUBSCRIBE destinations (default: ${DEFAULT-VALUE}).")
  String destinationPrefix;
  @Option(names = "--room-prefix", defaultValue = "room.bench-")
  String roomPrefix;
  @Option(names = "--rooms", defaultValue = "1")
  int rooms;
  @Option(names = "--subscribers", defaultValue = "100", description = "Subscribers per room.")
  int subscribers;
  @Option(names = "--publishers", defaultValue = "1", description = "Publishers per room.")
  int publishers;
  @Option(names = "--payload", defaultValue = "1024", description = "Body bytes.")
  int payload;
  @Option(names = "--rate", defaultValue = "0", description = "Messages/s per publisher; 0: as fast as the window allows.")
  double rate;
  @Option(names = "--window", defaultValue = "64", description = "In-flight messages per publisher when --rate is 0 (sent, not yet received by every subscriber).")
  int window;
  @Option(names = "--warmup", defaultValue = "PT3S")
  Duration warmup;
  @Option(names = "--duration", defaultValue = "PT10S")
  Duration duration;
  @Option(names = "--drain", defaultValue = "PT2S")
  Duration drain;
  @Option(names = "--publishers-subscribe", description = "Publishers subscribe too (our relay requires it).")
  boolean publishersSubscribe;
  @Option(names = "--header", description = "CONNECT header k=v (repeatable), e.g. login=guest.")
  Map<String, String> headers = new LinkedHashMap<>();
  @Option(names = "--idle", defaultValue = "0", description = "Open and hold this many idle sessions instead.")
  int idle;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    LoadGenerator.Scenario scenario = new LoadGenerator.Scenario(target, url, destinationPrefix, roomPrefix, rooms,
        subscribers, publishers, payload, rate, window, warmup, duration, drain, publishersSubscribe, headers);
    LoadGenerator generator = new LoadGenerator();
    LoadResult result = idle > 0 ? generator.holdIdle(scenario, idle, duration) : generator.run(scenario);
    System.out.println(result.toJson());
    return 0;
  }
}
