package chat.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParseSentAtTest {

  @Test
  void readsTheNanosBeforeTheSemicolon_includingNegativeOnes() {
    assertThat(LoadGenerator.parseSentAt("t=123456789;xxxx")).isEqualTo(123456789L);
    assertThat(LoadGenerator.parseSentAt("t=-42;x")).isEqualTo(-42L); // System.nanoTime() may be negative
    assertThat(LoadGenerator.parseSentAt(new StringBuilder("t=7;"))).isEqualTo(7L);
  }

  @Test
  void anythingElse_isNotATimestamp() {
    assertThat(LoadGenerator.parseSentAt("hello")).isEqualTo(Long.MIN_VALUE);
    assertThat(LoadGenerator.parseSentAt("t=12")).isEqualTo(Long.MIN_VALUE);
    assertThat(LoadGenerator.parseSentAt("t=1x2;")).isEqualTo(Long.MIN_VALUE);
    assertThat(LoadGenerator.parseSentAt("")).isEqualTo(Long.MIN_VALUE);
  }
}
