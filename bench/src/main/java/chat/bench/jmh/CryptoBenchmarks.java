package chat.bench.jmh;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.IdentityKeys;
import chat.client.crypto.MemberKeys;
import chat.client.crypto.Purpose;
import chat.client.crypto.RoomKey;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.ProtocolException;
import chat.client.protocol.Signature;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The client's crypto path, one operation per call, through the same facade the client uses:
 * Fernet, RSA-OAEP key wrapping, Ed25519 signatures, and a whole message composed into a frame
 * body and opened back into verified text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CryptoBenchmarks {

  @Param({"100", "1024", "16384"})
  int size;

  final ChatCrypto crypto = ChatCrypto.createDefault();
  final EnvelopeCodec codec = new EnvelopeCodec();
  RoomKey roomKey;
  byte[] plaintext;
  String token;
  MemberKeys rsa;
  byte[] wrapped;
  IdentityKeys identity;
  byte[] identityKey;
  byte[] signature;
  String text;
  byte[] frame;
  long counter;

  @Setup
  public void setUp() throws Exception {
    roomKey = crypto.newRoomKey();
    plaintext = new byte[size];
    new SecureRandom().nextBytes(plaintext);
    token = crypto.seal(roomKey, plaintext);
    rsa = crypto.newMemberKeys(3072);
    wrapped = crypto.wrapRoomKey(roomKey, rsa.publicKeyDer());
    identity = crypto.newIdentity();
    identityKey = identity.publicKeyDer();
    signature = crypto.sign(identity, Purpose.CHAT, "lobby", "message");
    text = "x".repeat(size);
    frame = compose();
  }

  @Benchmark
  public String fernetEncrypt() {
    return crypto.seal(roomKey, plaintext);
  }

  @Benchmark
  public byte[] fernetDecrypt() throws CryptoException {
    return crypto.open(roomKey, token);
  }

  @Benchmark
  public byte[] fernetEncryptThenDecrypt() throws CryptoException {
    return crypto.open(roomKey, crypto.seal(roomKey, plaintext));
  }

  @Benchmark
  public byte[] rsaOaepWrapRoomKey() throws CryptoException {
    return crypto.wrapRoomKey(roomKey, rsa.publicKeyDer());
  }

  @Benchmark
  public RoomKey rsaOaepUnwrapRoomKey() throws CryptoException {
    return crypto.unwrapRoomKey(rsa, wrapped);
  }

  @Benchmark
  public byte[] ed25519Sign() {
    return crypto.sign(identity, Purpose.CHAT, "lobby", "message");
  }

  @Benchmark
  public boolean ed25519Verify() {
    return ChatCrypto.verify(identityKey, signature, Purpose.CHAT, "lobby", "message");
  }

  /** What RoomSession does to send: content, hash, signature, token, envelope, bytes. */
  @Benchmark
  public byte[] compose() {
    ChatContent content = new ChatContent(Envelope.VERSION, "lobby", 1, "alice", "id", ++counter, 0,
        ChatContent.TEXT, null, text, ChatCrypto.contentHash(text), null);
    content = content.withSignature(Signature.of(crypto.sign(identity, Purpose.CHAT, content.signedParts(null))));
    return codec.encode(new Envelope.Chat("lobby", 1, crypto.seal(roomKey, codec.encodeContent(content))));
  }

  /** What RoomSession does to receive: envelope, token, content, hash and signature checks. */
  @Benchmark
  public String openFrame() throws CryptoException, ProtocolException {
    Envelope.Chat chat = (Envelope.Chat) codec.decode(frame);
    ChatContent content = codec.decodeContent(crypto.open(roomKey, chat.token()));
    if (!ChatCrypto.sameHash(ChatCrypto.contentHash(content.text()), content.sha256())
        || !ChatCrypto.verify(identityKey, content.signature().bytes(), Purpose.CHAT, content.signedParts(null))) {
      throw new IllegalStateException("benchmark frame did not verify");
    }
    return new String(content.text().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
