package chat.client.cli;

import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A task run every so often on a daemon thread of its own, for as long as the command runs. */
final class Ticker {

  private Ticker() {}

  static void every(long millis, String name, Runnable task) {
    Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    }).scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
  }
}
