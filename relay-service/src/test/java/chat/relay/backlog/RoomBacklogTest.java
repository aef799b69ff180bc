package chat.relay.backlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backlog's bounds and what a reconnecting member gets, on built entries and a fixed clock. */
class RoomBacklogTest {

  long now = 1_000_000;
  final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now);
    }
  };

  RoomBacklog backlog(int messages, Duration age, int bytes) {
    return new RoomBacklog(new BacklogProperties(messages, age, bytes, 100_000), clock);
  }

  RoomBacklog.Entry entry(String id, String member, int size) {
    return new RoomBacklog.Entry(id, member, "s-" + member, "0", "application/json", new byte[size], now);
  }

  @Test
  void aMemberCatchingUp_getsWhatFollowedTheLastFrameItSaw_inOrder_butNeverItsOwn() {
    RoomBacklog backlog = backlog(10, Duration.ofMinutes(10), 1000);
    backlog.add("den", entry("1", "alice", 10));
    backlog.add("den", entry("2", "bob", 10));
    backlog.add("den", entry("3", "alice", 10));
    backlog.add("den", entry("4", "carol", 10));
    RoomBacklog.Replay replay = backlog.after("den", "2", "carol");
    assertThat(ids(replay)).containsExactly("3");
    assertThat(replay.gap()).isFalse();
    assertThat(ids(backlog.after("den", "4", "bob"))).isEmpty();
    assertThat(backlog.after("elsewhere", "4", "bob").entries()).isEmpty();
  }

  @Test
  void aFrameThatComesAgain_asEachCopyTheBrokerDelivers_isKeptOnce_andCanComeBackOnceTrimmed() {
    RoomBacklog backlog = backlog(2, Duration.ofMinutes(10), 1000);
    backlog.add("den", entry("1", "alice", 10));
    backlog.add("den", entry("1", "alice", 10));
    backlog.add("den", entry("2", "bob", 10));
    backlog.add("den", entry("1", "alice", 10));
    assertThat(ids(backlog.after("den", "0", "carol"))).containsExactly("1", "2");
    assertThat(backlog.heldBytes()).isEqualTo(20);
    backlog.add("den", entry("3", "bob", 10)); // pushes 1 out: its id is forgotten with it
    backlog.add("den", entry("1", "alice", 10));
    assertThat(ids(backlog.after("den", "0", "carol"))).containsExactly("3", "1");
  }

  @Test
  void whatTheBoundsPushedOut_isAGap_andWhatIsLeftIsStillGiven() {
    RoomBacklog byCount = backlog(2, Duration.ofMinutes(10), 1000);
    for (String id : List.of("1", "2", "3", "4")) {
      byCount.add("den", entry(id, "alice", 10));
    }
    RoomBacklog.Replay replay = byCount.after("den", "1", "bob");
    assertThat(replay.gap()).isTrue();
    assertThat(ids(replay)).containsExactly("3", "4");

    RoomBacklog byBytes = backlog(100, Duration.ofMinutes(10), 25);
    for (String id : List.of("1", "2", "3")) {
      byBytes.add("den", entry(id, "alice", 10));
    }
    assertThat(ids(byBytes.after("den", "0", "bob"))).containsExactly("2", "3");
    assertThat(byBytes.heldBytes()).isEqualTo(20);

    RoomBacklog byAge = backlog(100, Duration.ofSeconds(60), 1000);
    byAge.add("den", entry("1", "alice", 10));
    now += 61_000;
    byAge.add("den", entry("2", "alice", 10));
    RoomBacklog.Replay aged = byAge.after("den", "1", "bob");
    assertThat(aged.gap()).isTrue();
    assertThat(ids(aged)).containsExactly("2");
    assertThat(byAge.heldBytes()).isEqualTo(10);
  }

  @Test
  void allRoomsTogether_neverHoldMoreThanTheTotal_andWhatWasNotKeptIsAGap() {
    RoomBacklog backlog = new RoomBacklog(new BacklogProperties(100, Duration.ofMinutes(10), 1000, 25), clock);
    backlog.add("den", entry("1", "alice", 10));
    backlog.add("hall", entry("2", "alice", 10));
    backlog.add("attic", entry("3", "alice", 10)); // over the total: not kept
    assertThat(backlog.heldBytes()).isEqualTo(20);
    RoomBacklog.Replay attic = backlog.after("attic", "0", "bob");
    assertThat(attic.entries()).isEmpty();
    assertThat(attic.gap()).as("a frame not kept is a gap, never hidden").isTrue();
    backlog.add("den", entry("4", "alice", 10));
    RoomBacklog.Replay den = backlog.after("den", "1", "bob");
    assertThat(den.entries()).isEmpty();
    assertThat(den.gap()).isTrue();
    assertThat(backlog.after("hall", "2", "bob").gap()).isFalse();
  }

  @Test
  void aZeroBacklogKeepsNothing() {
    RoomBacklog off = backlog(0, Duration.ofMinutes(10), 1000);
    off.add("den", entry("1", "alice", 10));
    assertThat(off.heldBytes()).isZero();
    assertThat(off.after("den", "0", "bob").entries()).isEmpty();
  }

  private static List<String> ids(RoomBacklog.Replay replay) {
    return replay.entries().stream().map(RoomBacklog.Entry::messageId).toList();
  }
}
