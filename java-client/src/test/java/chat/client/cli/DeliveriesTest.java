package chat.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeliveriesTest {

  private final StringWriter screen = new StringWriter();
  private final AtomicLong now = new AtomicLong(1_000_000);

  private Deliveries deliveries(boolean json) {
    return new Deliveries(new Output(new PrintWriter(screen), json, false), now::get);
  }

  @Test
  void aQuickConfirmation_printsNothingForAPerson() {
    Deliveries d = deliveries(false);
    d.sent("m1", "hello");
    now.addAndGet(200);
    d.delivered("m1");
    d.check();
    assertThat(screen.toString()).isEmpty();
    assertThat(d.pending()).isZero();
  }

  @Test
  void aMessageTheRelayHasNotConfirmed_getsALineAfterThreeSeconds_onceEach_andAnotherWhenItIsConfirmed() {
    Deliveries d = deliveries(false);
    d.sent("m1", "a line caught in a black hole, longer than forty characters");
    d.sent("m2", "quick");
    d.delivered("m2");
    now.addAndGet(Deliveries.SLOW_MILLIS - 1);
    d.check();
    assertThat(screen.toString()).isEmpty();
    now.addAndGet(1);
    d.check();
    d.check();
    assertThat(screen.toString().lines().toList()).containsExactly(
        "* not yet confirmed by the relay: \"a line caught in a black hole, longer th…\" (kept; sent again if the link is cut)");
    assertThat(d.pending()).isOne();
    d.delivered("m1");
    assertThat(screen.toString().lines().toList()).last()
        .isEqualTo("* delivered now: \"a line caught in a black hole, longer th…\"");
    assertThat(d.pending()).isZero();
  }

  @Test
  void aConfirmationThatOvertakesItsSent_isStillSaidAfterIt() {
    Deliveries d = deliveries(true);
    d.delivered("m1"); // the link's thread was quicker than the session's
    d.sent("m1", "hello");
    assertThat(screen.toString().lines().toList()).containsExactly(
        "{\"event\":\"sent\",\"id\":\"m1\",\"text\":\"hello\",\"state\":\"pending\"}",
        "{\"event\":\"delivered\",\"id\":\"m1\"}");
    assertThat(d.pending()).isZero();
  }
}
