package chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decrypts Fernet tokens made by Python's cryptography library (src/test/resources/vectors,
 * see its README) at their own timestamps, and checks that one minute past a 60 s TTL they are
 * refused. Generated with:
 * {@code Fernet(key)._encrypt_from_parts(data, timestamp, iv)} for each case in the file.
 */
class FernetKnownAnswerTest {

  @Test
  void everyPythonToken_decryptsToItsPlaintext_andExpiresAfterItsTtl() throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/vectors/fernet_python_kat.json")) {
      root = new ObjectMapper().readTree(in);
    }
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (JsonNode c : root.path("cases")) {
      ran++;
      Instant stamped = Instant.ofEpochSecond(c.path("timestamp").asLong());
      ChatCryptoTest.MutableClock clock = new ChatCryptoTest.MutableClock(stamped);
      ChatCrypto crypto = new ChatCrypto(new SecureRandom(), clock, Duration.ofSeconds(60));
      RoomKey key = RoomKey.fromFernetString(c.path("key").asText());
      String token = c.path("token").asText();
      try {
        byte[] plain = crypto.open(key, token);
        if (!HexFormat.of().formatHex(plain).equals(c.path("plaintextHex").asText())) {
          failures.add("case " + c.path("id") + ": wrong plaintext");
        }
      } catch (CryptoException e) {
        failures.add("case " + c.path("id") + ": rejected");
      }
      clock.now = stamped.plusSeconds(121);
      try {
        crypto.open(key, token);
        failures.add("case " + c.path("id") + ": accepted after its TTL");
      } catch (CryptoException expected) {
        // expired, as it must be
      }
    }
    assertThat(ran).isPositive();
    assertThat(failures).isEmpty();
  }
}
