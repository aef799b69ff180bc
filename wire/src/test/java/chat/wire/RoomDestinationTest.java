package chat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomDestinationTest {

  @ParameterizedTest
  @ValueSource(strings = {"lobby", "a", "Team_7-ops", "x234567890123456789012345678901234567890123456789012345678901234"})
  void validRoomNames_areAccepted(String room) {
    assertThat(RoomDestination.roomOf("/topic/room." + room)).contains(room);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/topic/room.", "/topic/room.*", "/topic/room.**", "/topic/room.a.b", "/topic/room.a/b",
      "/topic/room.sp ace", "/topic/room.é", "/topic/other", "/queue/room.a", "/topic/room.a\n",
      "/topic/room.x2345678901234567890123456789012345678901234567890123456789012345"})
  void anythingElse_isRejected(String destination) {
    assertThat(RoomDestination.roomOf(destination)).isEmpty();
  }
}
