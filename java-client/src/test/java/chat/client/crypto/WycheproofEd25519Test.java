package chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The identity signature scheme (Ed25519, BouncyCastle's) against every case of Wycheproof's Ed25519
 * vectors (src/test/resources/vectors, see its README): valid signatures verify, invalid ones do not.
 */
class WycheproofEd25519Test {

  @Test
  void verify_passesEveryWycheproofCase() throws Exception {
    Path path = WycheproofRsaOaepTest.VECTORS.resolve("ed25519_test.json");
    JsonNode root = new ObjectMapper().readTree(path.toFile());
    HexFormat hex = HexFormat.of();
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (JsonNode group : root.path("testGroups")) {
      byte[] publicDer = hex.parseHex(group.path("publicKeyDer").asText());
      for (JsonNode test : group.path("tests")) {
        ran++;
        boolean verified = IdentityKeys.verify(publicDer, hex.parseHex(test.path("msg").asText()),
            hex.parseHex(test.path("sig").asText()));
        String result = test.path("result").asText();
        if ("valid".equals(result) && !verified) {
          failures.add("tcId " + test.path("tcId") + ": valid signature rejected");
        } else if ("invalid".equals(result) && verified) {
          failures.add("tcId " + test.path("tcId") + ": invalid signature accepted (" + test.path("comment").asText() + ")");
        }
      }
    }
    assertThat(ran).isEqualTo(root.path("numberOfTests").asInt());
    assertThat(failures).isEmpty();
  }

  @Test
  void signaturesAreBoundToTheirPurpose() {
    IdentityKeys alice = IdentityKeys.generate(new java.security.SecureRandom());
    byte[] signature = alice.sign(Purpose.CHAT.encode("room", "hello"));
    assertThat(IdentityKeys.verify(alice.publicKeyDer(), Purpose.CHAT.encode("room", "hello"), signature)).isTrue();
    assertThat(IdentityKeys.verify(alice.publicKeyDer(), Purpose.DIRECT.encode("room", "hello"), signature)).isFalse();
    assertThat(IdentityKeys.verify(alice.publicKeyDer(), Purpose.CHAT.encode("roomh", "ello"), signature)).isFalse();
  }
}
