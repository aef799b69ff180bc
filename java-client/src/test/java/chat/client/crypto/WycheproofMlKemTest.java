package chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every case of Wycheproof's ML-KEM-768 files (src/test/resources/vectors, see its README), through
 * the same calls the product makes ({@link MlKem768}): decapsulation from the 64-byte seed, and
 * encapsulation with the vector's randomness {@code m} handed over as the random source. Valid cases
 * must give the shared secret (and ciphertext); invalid ones must be refused. Failures by tcId.
 */
class WycheproofMlKemTest {

  static final Path VECTORS = WycheproofRsaOaepTest.VECTORS;
  static final HexFormat HEX = HexFormat.of();

  @Test
  void decapsulation_passesEveryCase() throws Exception {
    JsonNode root = new ObjectMapper().readTree(VECTORS.resolve("mlkem_768_test.json").toFile());
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (JsonNode group : root.path("testGroups")) {
      assertThat(group.path("parameterSet").asText()).isEqualTo("ML-KEM-768");
      for (JsonNode test : group.path("tests")) {
        ran++;
        int id = test.path("tcId").asInt();
        boolean valid = "valid".equals(test.path("result").asText());
        byte[] seed = HEX.parseHex(test.path("seed").asText());
        byte[] c = HEX.parseHex(test.path("c").asText());
        byte[] secret = null;
        byte[] ek = null;
        try {
          ek = MlKem768.encapsulationKeyOf(seed);
          secret = MlKem768.decapsulate(seed, c);
        } catch (CryptoException rejected) {
          // checked below
        }
        if (valid && (secret == null || !Arrays.equals(secret, HEX.parseHex(test.path("K").asText())))) {
          failures.add("tcId " + id + ": valid case did not give K");
        } else if (valid && test.has("ek") && !Arrays.equals(ek, HEX.parseHex(test.path("ek").asText()))) {
          failures.add("tcId " + id + ": the seed did not give the vector's encapsulation key");
        } else if (!valid && secret != null) {
          failures.add("tcId " + id + ": invalid case accepted (" + test.path("comment").asText() + ")");
        }
      }
    }
    assertThat(ran).isEqualTo(root.path("numberOfTests").asInt());
    assertThat(failures).isEmpty();
  }

  @Test
  void encapsulation_passesEveryCase_andRefusesKeysThatFailTheModulusCheck() throws Exception {
    JsonNode root = new ObjectMapper().readTree(VECTORS.resolve("mlkem_768_encaps_test.json").toFile());
    List<String> failures = new ArrayList<>();
    int ran = 0;
    int modulusRefused = 0;
    for (JsonNode group : root.path("testGroups")) {
      for (JsonNode test : group.path("tests")) {
        ran++;
        int id = test.path("tcId").asInt();
        boolean valid = "valid".equals(test.path("result").asText());
        byte[] m = HEX.parseHex(test.path("m").asText());
        MlKem768.Encapsulated got = null;
        try {
          got = MlKem768.encapsulate(HEX.parseHex(test.path("ek").asText()), new Fixed(m));
        } catch (CryptoException rejected) {
          // checked below
        }
        if (valid && (got == null || !Arrays.equals(got.secret(), HEX.parseHex(test.path("K").asText()))
            || !Arrays.equals(got.ciphertext(), HEX.parseHex(test.path("c").asText())))) {
          failures.add("tcId " + id + ": valid case did not give c and K");
        } else if (!valid && got != null) {
          failures.add("tcId " + id + ": invalid encapsulation key accepted (" + test.path("flags") + ")");
        } else if (!valid) {
          modulusRefused++;
        }
      }
    }
    assertThat(ran).isEqualTo(root.path("numberOfTests").asInt());
    assertThat(failures).isEmpty();
    assertThat(modulusRefused).isPositive();
  }

  /** The vector's randomness, given out once as the random source ML-KEM draws m from. */
  private static final class Fixed extends SecureRandom {
    private final byte[] bytes;
    private int used;

    Fixed(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
      if (used + out.length > bytes.length) {
        throw new IllegalStateException("the vector gives " + bytes.length + " random bytes, asked for more");
      }
      System.arraycopy(bytes, used, out, 0, out.length);
      used += out.length;
    }
  }
}
