package chat.bench.jmh;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.MemberKeys;
import chat.client.crypto.RoomKey;
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
 * One room key delivery, as the member who rekeys makes it and as its recipient opens it: the
 * original design's RSA-OAEP alone, side by side with the hybrid RSA-OAEP + ML-KEM-768 delivery,
 * through the client's facade, at the client's default RSA size and the smallest it allows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeyDeliveryBenchmarks {

  @Param({"3072", "2048"})
  int rsaBits;

  final ChatCrypto crypto = ChatCrypto.createDefault();
  RoomKey roomKey;
  MemberKeys recipient;
  byte[] rsaDelivery;
  byte[] hybridDelivery;

  @Setup
  public void setUp() throws Exception {
    roomKey = crypto.newRoomKey();
    recipient = crypto.newMemberKeys(rsaBits);
    rsaDelivery = crypto.wrapRoomKey(roomKey, recipient.publicKeyDer());
    hybridDelivery = crypto.wrapRoomKeyHybrid(roomKey, recipient.publicKeyDer(), recipient.kemEncapsulationKey(),
        "lobby", 1);
  }

  @Benchmark
  public byte[] rsaWrap() throws CryptoException {
    return crypto.wrapRoomKey(roomKey, recipient.publicKeyDer());
  }

  @Benchmark
  public RoomKey rsaUnwrap() throws CryptoException {
    return crypto.unwrapRoomKey(recipient, rsaDelivery);
  }

  @Benchmark
  public byte[] hybridWrap() throws CryptoException {
    return crypto.wrapRoomKeyHybrid(roomKey, recipient.publicKeyDer(), recipient.kemEncapsulationKey(), "lobby", 1);
  }

  @Benchmark
  public RoomKey hybridUnwrap() throws CryptoException {
    return crypto.unwrapRoomKeyHybrid(recipient, hybridDelivery, "lobby", 1);
  }
}
