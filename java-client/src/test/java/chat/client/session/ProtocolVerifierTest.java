package chat.client.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import chat.client.crypto.MemberKeys;
import chat.client.protocol.Envelope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol 3 as another team would implement it: {@code src/test/python/verify_v3.py}, written from
 * docs/PROTOCOL.md alone with Python's cryptography, verifies the record chain two Java clients
 * made, takes bob's key from the delivery bound to the newest record, and reads alice's message;
 * and it refuses the same frames with one record altered. Skipped, with a message, when no python3
 * with cryptography is present ({@code .ci/setup} installs it).
 */
class ProtocolVerifierTest {

  static final Path VERIFIER = Path.of("src/test/python/verify_v3.py");
  final InMemoryRoom room = new InMemoryRoom();
  final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void close() {
    room.close();
  }

  @Test
  void aPythonVerifierWrittenFromTheSpec_acceptsTheJavaClientsChain_unwrapsTheKey_andReadsTheMessage()
      throws Exception {
    String python = pythonWithCryptography();
    ObjectNode input = chatOfAliceAndBob();
    Result r = run(python, input);
    assertThat(r.exit).as(r.out).isZero();
    assertThat(r.out).contains("chain: 2 records, epochs 1..2, members alice,bob",
        "key: epoch 2, matches the record's commitment", "message: alice: hello from java ✓");
  }

  @Test
  void thePythonVerifier_refusesTheChainWithOneRecordAltered() throws Exception {
    String python = pythonWithCryptography();
    ObjectNode input = chatOfAliceAndBob();
    var frames = input.withArray("frames");
    for (int i = 0; i < frames.size(); i++) {
      String frame = frames.get(i).asText();
      if (frame.contains("\"change\":\"join\"")) {
        frames.set(i, json.getNodeFactory().textNode(frame.replace("\"subjects\":[\"bob\"]", "\"subjects\":[\"eve\"]")));
      }
    }
    Result r = run(python, input);
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.out).contains("refused: record for epoch 2 with a bad signature");
  }

  private ObjectNode chatOfAliceAndBob() throws Exception {
    // the original design's room (RSA-OAEP alone): the verifier's Python cryptography has no ML-KEM
    RoomSession.Rules rsa = RoomSession.Rules.DEFAULT.withProtection(RoomSession.KeyProtection.RSA);
    RoomSession alice = room.join("alice", rsa);
    await().atMost(Duration.ofSeconds(5)).until(() -> room.listeners.get("alice").epoch == 1);
    room.join("bob", rsa);
    await().atMost(Duration.ofSeconds(5)).until(() -> room.listeners.get("bob").epoch == 2
        && room.listeners.get("alice").epoch == 2);
    alice.say("hello from java ✓").get();
    await().atMost(Duration.ofSeconds(5)).until(() -> room.listeners.get("bob").messages.contains("alice: hello from java ✓"));
    ObjectNode input = json.createObjectNode().put("room", InMemoryRoom.ROOM).put("member", "bob")
        .put("privateKey", Base64.getEncoder().encodeToString(privateKeyDer(room.credentials.get("bob").rsa())));
    var frames = input.putArray("frames");
    room.sent.stream().map(InMemoryRoom.Sent::envelope).filter(e -> !(e instanceof Envelope.Announce))
        .forEach(e -> frames.add(new String(room.codec.encode(e), StandardCharsets.UTF_8)));
    return input;
  }

  /** The member's own RSA private key, for the verifier playing bob; the library never exports it. */
  private static byte[] privateKeyDer(MemberKeys keys) throws Exception {
    var method = MemberKeys.class.getDeclaredMethod("privateKey");
    method.setAccessible(true);
    return ((java.security.PrivateKey) method.invoke(keys)).getEncoded();
  }

  private static String pythonWithCryptography() throws Exception {
    for (String candidate : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p = new ProcessBuilder(candidate, "-c", "import cryptography").redirectErrorStream(true).start();
        if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return candidate;
        }
      } catch (IOException absent) {
        // try the next one
      }
    }
    assumeTrue(false, "no python3 with cryptography here (apt-get install python3-cryptography, or run .ci/setup)");
    return null;
  }

  record Result(int exit, String out) {}

  private Result run(String python, ObjectNode input) throws Exception {
    Process p = new ProcessBuilder(python, VERIFIER.toString()).redirectErrorStream(true).start();
    p.getOutputStream().write(json.writeValueAsBytes(input));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
