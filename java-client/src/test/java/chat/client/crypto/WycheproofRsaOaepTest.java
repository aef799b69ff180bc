package chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the facade's RSA-OAEP unwrap over every case of Wycheproof's RSA-OAEP SHA-256 /
 * MGF1-SHA-256 vectors (src/test/resources/vectors, see its README): valid cases must give the message,
 * invalid ones must be rejected; "acceptable" cases may go either way. Failures are collected by
 * tcId.
 */
class WycheproofRsaOaepTest {

  static final Path VECTORS = Path.of("src", "test", "resources", "vectors", "wycheproof");
  static final HexFormat HEX = HexFormat.of();

  @ParameterizedTest
  @ValueSource(strings = {"rsa_oaep_2048_sha256_mgf1sha256_test.json", "rsa_oaep_3072_sha256_mgf1sha256_test.json"})
  void unwrap_passesEveryWycheproofCase(String file) throws Exception {
    Path path = VECTORS.resolve(file);
    JsonNode root = new ObjectMapper().readTree(path.toFile());
    RsaOaepKeyWrapper oaep = new RsaOaepKeyWrapper();
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (JsonNode group : root.path("testGroups")) {
      assertThat(group.path("sha").asText()).isEqualTo("SHA-256");
      assertThat(group.path("mgfSha").asText()).isEqualTo("SHA-256");
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
          new PKCS8EncodedKeySpec(HEX.parseHex(group.path("privateKeyPkcs8").asText())));
      for (JsonNode test : group.path("tests")) {
        ran++;
        int id = test.path("tcId").asInt();
        String result = test.path("result").asText();
        byte[] label = HEX.parseHex(test.path("label").asText());
        byte[] ct = HEX.parseHex(test.path("ct").asText());
        byte[] msg = HEX.parseHex(test.path("msg").asText());
        byte[] got = null;
        try {
          got = label.length == 0 ? oaep.unwrap(key, ct) : oaep.unwrap(key, ct, label);
        } catch (CryptoException rejected) {
          // checked below
        }
        if ("valid".equals(result) && (got == null || !Arrays.equals(got, msg))) {
          failures.add("tcId " + id + ": valid case not unwrapped to its message");
        } else if ("invalid".equals(result) && got != null) {
          failures.add("tcId " + id + ": invalid case accepted (" + test.path("comment").asText() + ")");
        }
      }
    }
    assertThat(ran).isEqualTo(root.path("numberOfTests").asInt());
    assertThat(failures).isEmpty();
  }
}
