package chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java and Python's cryptography (the original design's library) read each other's Fernet tokens
 * and RSA-OAEP-wrapped room keys. Runs when a python3 with cryptography is present
 * ({@code apt-get install python3-cryptography}); skipped with a message otherwise.
 */
class PythonInteropTest {

  static String python;
  final ChatCrypto crypto = ChatCrypto.createDefault();

  @BeforeAll
  static void findPython() {
    for (String candidate : List.of("python3", "/usr/bin/python3")) {
      try {
        if (run(candidate, "import cryptography", "").exitCode == 0) {
          python = candidate;
          return;
        }
      } catch (IOException | InterruptedException ignored) {
        // try the next one
      }
    }
  }

  @Test
  void javaToken_decryptsInPython() throws Exception {
    assumePython();
    RoomKey key = crypto.newRoomKey();
    String text = "from java: ünïcødé ✓";
    String token = crypto.seal(key, text.getBytes(StandardCharsets.UTF_8));
    Result r = run(python, """
        import sys
        from cryptography.fernet import Fernet
        key, token = sys.stdin.read().split()
        sys.stdout.buffer.write(Fernet(key.encode()).decrypt(token.encode(), ttl=600))
        """, key.toFernetString() + " " + token);
    assertThat(r.exitCode).as(r.err).isZero();
    assertThat(r.out).isEqualTo(text);
  }

  @Test
  void pythonToken_decryptsInJava() throws Exception {
    assumePython();
    Result r = run(python, """
        from cryptography.fernet import Fernet
        key = Fernet.generate_key()
        print(key.decode(), Fernet(key).encrypt("from python: ünïcødé ✓".encode()).decode())
        """, "");
    assertThat(r.exitCode).as(r.err).isZero();
    String[] parts = r.out.trim().split(" ");
    byte[] plain = crypto.open(RoomKey.fromFernetString(parts[0]), parts[1]);
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("from python: ünïcødé ✓");
  }

  @Test
  void pythonWrappedKey_unwrapsInJava() throws Exception {
    assumePython();
    MemberKeys bob = MemberKeys.generate(3072, new SecureRandom());
    Result r = run(python, """
        import sys, base64
        from cryptography.fernet import Fernet
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        public = serialization.load_der_public_key(base64.b64decode(sys.stdin.read()))
        key = Fernet.generate_key()
        wrapped = public.encrypt(key, padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()),
                                                   algorithm=hashes.SHA256(), label=None))
        print(key.decode(), base64.b64encode(wrapped).decode())
        """, Base64.getEncoder().encodeToString(bob.publicKeyDer()));
    assertThat(r.exitCode).as(r.err).isZero();
    String[] parts = r.out.trim().split(" ");
    RoomKey unwrapped = crypto.unwrapRoomKey(bob, Base64.getDecoder().decode(parts[1]));
    assertThat(unwrapped).isEqualTo(RoomKey.fromFernetString(parts[0]));
  }

  @Test
  void javaWrappedKey_unwrapsInPython() throws Exception {
    assumePython();
    Result keys = run(python, """
        import base64
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        k = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        pub = k.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        prv = k.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        print(base64.b64encode(pub).decode(), base64.b64encode(prv).decode())
        """, "");
    assertThat(keys.exitCode).as(keys.err).isZero();
    String[] pair = keys.out.trim().split(" ");
    RoomKey roomKey = crypto.newRoomKey();
    byte[] wrapped = crypto.wrapRoomKey(roomKey, Base64.getDecoder().decode(pair[0]));
    Result r = run(python, """
        import sys, base64
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding
        prv, wrapped = sys.stdin.read().split()
        k = serialization.load_der_private_key(base64.b64decode(prv), password=None)
        sys.stdout.write(k.decrypt(base64.b64decode(wrapped), padding.OAEP(
            mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)).decode())
        """, pair[1] + " " + Base64.getEncoder().encodeToString(wrapped));
    assertThat(r.exitCode).as(r.err).isZero();
    assertThat(r.out).isEqualTo(roomKey.toFernetString());
  }

  static void assumePython() {
    assumeTrue(python != null, "python3 with the cryptography package not found "
        + "(apt-get install python3-cryptography): Python interop skipped");
  }

  record Result(int exitCode, String out, String err) {}

  static Result run(String python, String script, String stdin) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(python, "-c", script).start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("python timed out");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
