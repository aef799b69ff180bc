package chat.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayGuardTest {

  @TempDir
  Path dir;

  @Test
  void arrivals_inOrder_afterAGap_late_andReplayed() {
    ReplayGuard guard = ReplayGuard.inMemory();
    assertThat(guard.accept("bob", 1, "chat", 4)).as("first seen: no gap claimed").isEqualTo(new ReplayGuard.Arrival(true, 0, false));
    assertThat(guard.accept("bob", 1, "chat", 5)).isEqualTo(new ReplayGuard.Arrival(true, 0, false));
    assertThat(guard.accept("bob", 1, "chat", 8)).isEqualTo(new ReplayGuard.Arrival(true, 2, false));
    assertThat(guard.accept("bob", 1, "chat", 7)).isEqualTo(new ReplayGuard.Arrival(true, 0, true));
    assertThat(guard.accept("bob", 1, "chat", 7).fresh()).isFalse();
    assertThat(guard.accept("bob", 1, "direct", 7).fresh()).as("direct messages are numbered apart").isTrue();
    assertThat(guard.accept("bob", 2, "chat", 7).fresh()).as("each epoch starts anew").isTrue();
  }

  @Test
  void whatWasAccepted_survivesARestart_andOwnNumberingResumes() throws Exception {
    Path file = dir.resolve("replay-lobby.json");
    ReplayGuard before = ReplayGuard.persistent(file);
    before.accept("bob", 3, "chat", 1);
    before.accept("me", 3, "chat", 9);
    ReplayGuard after = ReplayGuard.persistent(file);
    assertThat(after.accept("bob", 3, "chat", 1).fresh()).isFalse();
    assertThat(after.highest("me", 3, "chat")).isEqualTo(9);
    after.forgetBefore(4);
    assertThat(ReplayGuard.persistent(file).highest("me", 3, "chat")).isZero();
  }
}
