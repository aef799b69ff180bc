package chat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MemberNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "alice", "Bob_1", "x.y-z", "abcdefghijklmnopqrstuvwxyz012345"})
  void namesWithinTheRule_areValid(String name) {
    assertThat(MemberName.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a b", "abcdefghijklmnopqrstuvwxyz0123456", "ü", "a:b", "a\nb", "a/b"})
  void namesOutsideTheRule_areNot(String name) {
    assertThat(MemberName.isValid(name)).isFalse();
  }

  @Test
  void null_isNotAName() {
    assertThat(MemberName.isValid(null)).isFalse();
    assertThat(MemberName.RULE).contains("32");
  }
}
