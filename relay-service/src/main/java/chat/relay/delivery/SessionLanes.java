package chat.relay.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.MessageHandlingRunnable;

/**
 * The outbound channel's executor: a few threads ("lanes"), each session always on the same one.
 * A room message fans out to its members in parallel, on every core, while each member still gets
 * frames in the order the broker published them. Lanes never block on a socket (each session's
 * {@link SessionOutbox} queues without blocking), so a full lane only means the relay is busy:
 * the thread that publishes then waits, which slows the publisher's own reads and no one else.
 * Spring registers it as the {@code clientOutboundChannelExecutor} bean, which stops it on shutdown.
 */
public final class SessionLanes implements TaskExecutor, DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SessionLanes.class);
  private static final Runnable STOP = () -> { };
  /** Frames a lane hands over before it writes what they queued: a few hundred microseconds of work. */
  static final int TASKS_PER_FLUSH = 256;

  private final List<BlockingQueue<Runnable>> lanes = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  public SessionLanes(int count, int capacityPerLane) {
    for (int i = 0; i < count; i++) {
      BlockingQueue<Runnable> lane = new ArrayBlockingQueue<>(capacityPerLane);
      Thread thread = new Thread(() -> drain(lane), "relay-lane-" + i);
      thread.setDaemon(true);
      lanes.add(lane);
      threads.add(thread);
      thread.start();
    }
  }

  @Override
  public void execute(Runnable task) {
    String session = task instanceof MessageHandlingRunnable handling
        ? SimpMessageHeaderAccessor.getSessionId(handling.getMessage().getHeaders()) : null;
    if (session == null) {
      task.run(); // not addressed to one session: keep the caller's order
      return;
    }
    try {
      lanes.get(Math.floorMod(session.hashCode(), lanes.size())).put(task);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs a lane's tasks; the writes they cause wait ({@link HeldWrites}) until the lane has run
   * every task it has (at most {@link #TASKS_PER_FLUSH}), so that each member's frames of that
   * stretch go out in one write. An idle lane runs one task and writes at once.
   */
  private static void drain(BlockingQueue<Runnable> lane) {
    HeldWrites held = HeldWrites.onThisThread();
    while (true) {
      Runnable task;
      try {
        task = lane.take();
      } catch (InterruptedException e) {
        return;
      }
      for (int n = 0; task != null; n++) {
        if (task == STOP) {
          held.release();
          return;
        }
        run(task);
        task = n < TASKS_PER_FLUSH ? lane.poll() : null;
      }
      held.release();
    }
  }

  private static void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      // a lane must outlive any one frame; log the failure's kind only, never a frame
      log.warn("outbound frame not delivered: {} ({})", e.getClass().getSimpleName(),
          NestedExceptionUtils.getMostSpecificCause(e).getClass().getSimpleName());
    }
  }

  /** Delivers what is queued, then stops the lanes (after the web server has stopped taking frames). */
  @Override
  public void destroy() throws InterruptedException {
    for (BlockingQueue<Runnable> lane : lanes) {
      lane.offer(STOP, 1, TimeUnit.SECONDS);
    }
    for (Thread thread : threads) {
      thread.join(2000);
    }
  }
}
