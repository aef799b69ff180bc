package chat.client.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {

  static final String KEY_A = "MCowBQYDK2VwAyEAfU0Of2FTpptiQrUiq77mhf2kQg+INLEIw72uNp71Sfo=";
  static final String KEY_B = "MCowBQYDK2VwAyEAPUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=";

  @TempDir
  Path dir;

  @Test
  void firstSight_isRemembered_thenKnown_andADifferentKeyIsAChange() throws Exception {
    TrustStore store = TrustStore.load(dir);
    assertThat(store.check("bob", KEY_A)).isEqualTo(TrustStore.Verdict.NEW);
    assertThat(store.check("bob", KEY_A)).isEqualTo(TrustStore.Verdict.KNOWN);
    assertThat(store.check("bob", KEY_B)).isEqualTo(TrustStore.Verdict.CHANGED);
    assertThat(TrustStore.load(dir).check("bob", KEY_A)).as("survives a restart").isEqualTo(TrustStore.Verdict.KNOWN);
  }

  @Test
  void verify_needsTheRightFingerprint_andAcceptingANewKeyDropsTheVerification() throws Exception {
    TrustStore store = TrustStore.load(dir);
    store.check("bob", KEY_A);
    String fingerprint = store.get("bob").orElseThrow().fingerprint();
    assertThat(store.verify("bob", "0000 0000 0000 0000 0000 0000 0000 0000")).isFalse();
    assertThat(store.verify("bob", fingerprint.toUpperCase().replace(" ", ""))).isTrue();
    assertThat(store.check("bob", KEY_A)).isEqualTo(TrustStore.Verdict.VERIFIED);
    store.accept("bob", KEY_B);
    assertThat(store.check("bob", KEY_B)).isEqualTo(TrustStore.Verdict.KNOWN);
    assertThat(TrustStore.load(dir).get("bob").orElseThrow().verified()).isFalse();
  }
}
