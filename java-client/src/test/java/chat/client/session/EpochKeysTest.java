package chat.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.crypto.RoomKey;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Which epochs' keys still open messages: the current one, and every superseded one for its grace. */
class EpochKeysTest {

  final SecureRandom random = new SecureRandom();

  @Test
  void everyEpochTheRoomLeft_opensMessagesForItsGrace_notOnlyTheLastOne() {
    EpochKeys keys = new EpochKeys();
    RoomKey two = RoomKey.generate(random);
    RoomKey three = RoomKey.generate(random);
    RoomKey four = RoomKey.generate(random);
    keys.advance(2, two, 0, 30_000);
    keys.advance(3, three, 1_000, 30_000); // a leave made for a member that was cut off
    keys.advance(4, four, 2_000, 30_000); // and its return
    assertThat(keys.keyFor(2, 5_000)).contains(two); // what it wrote under epoch 2 on coming back
    assertThat(keys.keyFor(3, 5_000)).contains(three);
    assertThat(keys.keyFor(4, 5_000)).contains(four);
    assertThat(keys.keyFor(2, 31_001)).isEmpty(); // 30 s after epoch 2 was superseded
    assertThat(keys.keyFor(3, 31_001)).contains(three);
    assertThat(keys.keyFor(3, 32_001)).isEmpty();
    assertThat(keys.keyFor(4, 1_000_000)).contains(four);
    assertThat(keys.keyFor(5, 5_000)).isEmpty();
  }

  @Test
  void atMostALimitedNumberOfSupersededKeysAreKept() {
    EpochKeys keys = new EpochKeys();
    for (long epoch = 1; epoch <= EpochKeys.SUPERSEDED_LIMIT + 3; epoch++) {
      keys.advance(epoch, RoomKey.generate(random), epoch, 60_000);
    }
    // epochs 1 to 10 were superseded; the 8 newest of them (3 to 10) are kept
    assertThat(keys.keyFor(1, 100)).isEmpty();
    assertThat(keys.keyFor(2, 100)).isEmpty();
    assertThat(keys.keyFor(3, 100)).isPresent();
    assertThat(keys.keyFor(10, 100)).isPresent();
  }
}
