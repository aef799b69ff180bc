package chat.relay.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.RawSocket;
import chat.relay.support.StompFrame;
import chat.relay.support.StompTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The cases outside clients and a probe found (STOMP 1.2 and docs/relay.md's refusal table): each
 * bad frame gets an ERROR with its own {@code refusal}, a text body with a content type, and its
 * own close code, while two bystanders keep chatting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "relay.connect-timeout=1s", "relay.frame-timeout=2s", "relay.heartbeat=3s",
    "server.tomcat.connection-timeout=2s"})
class StompConformanceTest {

  @LocalServerPort
  int port;

  StompTestClient speaker;
  StompTestClient listener;
  int checks;

  @BeforeEach
  void bystanders() {
    speaker = StompTestClient.connected(port, "speaker");
    listener = StompTestClient.connected(port, "listener");
    speaker.subscribeAndSettle("den");
    listener.subscribeAndSettle("den");
  }

  @AfterEach
  void bystandersStillTalk() {
    String body = "still here " + (++checks);
    speaker.send("den", body);
    assertThat(listener.nextMatching(f -> Frames.isChat(f) && body.equals(f.body()))).isNotNull();
    speaker.close();
    listener.close();
  }

  @Test
  void sendBeforeConnect_isNotConnected() {
    StompTestClient raw = StompTestClient.open(port);
    raw.send("den", "hi");
    assertRefused(raw, "not-connected", 4407);
  }

  @Test
  void subscribeBeforeConnect_isNotConnected() {
    StompTestClient raw = StompTestClient.open(port);
    raw.subscribe("den");
    assertRefused(raw, "not-connected", 4407);
  }

  @Test
  void secondConnect_isAlreadyConnected() {
    StompTestClient client = StompTestClient.connected(port, "twice");
    client.sendFrame(new StompFrame("CONNECT", Map.of("accept-version", "1.2", "host", "x"), ""));
    assertRefused(client, "already-connected", 4408);
  }

  @Test
  void connectWithoutAcceptVersion_isAStomp10Client_andRefused() {
    StompTestClient raw = StompTestClient.open(port);
    raw.sendFrame(new StompFrame("CONNECT", Map.of("host", "x"), ""));
    StompFrame error = assertRefused(raw, "unsupported-version", 4406);
    assertThat(error.header("message")).contains("1.2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"7", "-1,5", "a,b", "10000,"})
  void malformedHeartBeat_isRefused(String heartBeat) {
    StompTestClient raw = StompTestClient.open(port);
    raw.sendFrame(new StompFrame("CONNECT", Map.of("accept-version", "1.2", "host", "x", "heart-beat", heartBeat), ""));
    assertRefused(raw, "malformed-frame", 4400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ACK", "NACK", "BEGIN", "COMMIT", "ABORT"})
  void framesTheRelayDoesNotSupport_areRefused_withTheReceiptTheyAskedFor(String command) {
    StompTestClient client = StompTestClient.connected(port, "acker");
    client.sendFrame(new StompFrame(command, Map.of("id", "1", "transaction", "t1", "receipt", "want-it"), ""));
    StompFrame error = assertRefused(client, "unsupported-frame", 4405);
    assertThat(error.header("receipt-id")).isEqualTo("want-it");
  }

  @ParameterizedTest
  @ValueSource(strings = {"MESSAGE", "RECEIPT", "ERROR", "CONNECTED"})
  void framesOnlyServersSend_areRefused_andAClientMessageNeverReachesTheRoom(String command) {
    StompTestClient client = StompTestClient.connected(port, "forger");
    client.subscribeAndSettle("den");
    client.sendFrame(new StompFrame(command, Map.of("destination", "/topic/room.den", "relay-member", "relay"), "forged"));
    assertRefused(client, "malformed-frame", 4400);
    assertThat(listener.drain(Duration.ofMillis(300))).noneMatch(f -> "forged".equals(f.body()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"client", "client-individual"})
  void subscriptionsThatWantAcks_areRefused(String mode) {
    StompTestClient client = StompTestClient.connected(port, "acker");
    client.sendFrame(new StompFrame("SUBSCRIBE", Map.of("id", "1", "destination", "/topic/room.den", "ack", mode), ""));
    assertRefused(client, "unsupported-frame", 4405);
  }

  @Test
  void reusingASubscriptionId_isRefused_andTheSecondRoomIsNeverJoined() {
    StompTestClient client = StompTestClient.connected(port, "dup");
    client.sendFrame(new StompFrame("SUBSCRIBE", Map.of("id", "dup", "destination", "/topic/room.other",
        "receipt", "first"), ""));
    client.awaitReceipt("first");
    client.sendFrame(new StompFrame("SUBSCRIBE", Map.of("id", "dup", "destination", "/topic/room.den"), ""));
    assertRefused(client, "subscription-id-in-use", 4410);
  }

  @Test
  void subscribeWithoutId_isMalformed() {
    StompTestClient client = StompTestClient.connected(port, "noid");
    client.sendFrame(new StompFrame("SUBSCRIBE", Map.of("destination", "/topic/room.den"), ""));
    assertRefused(client, "malformed-frame", 4400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5", "abc", "5x"})
  void invalidContentLength_isRefused_andNotDelivered(String length) {
    StompTestClient client = StompTestClient.connected(port, "liar");
    client.subscribeAndSettle("den");
    client.sendRaw("SEND\ndestination:/topic/room.den\ncontent-length:" + length + "\n\nnot for the room\0");
    assertRefused(client, "malformed-frame", 4400);
    assertThat(listener.drain(Duration.ofMillis(300))).noneMatch(f -> "not for the room".equals(f.body()));
  }

  @Test
  void contentLengthLargerThanTheBody_isRefusedWhenTheFrameTimesOut() {
    StompTestClient client = StompTestClient.connected(port, "short");
    client.subscribeAndSettle("den");
    client.sendRaw("SEND\ndestination:/topic/room.den\ncontent-length:500\n\nonly this\0");
    assertRefused(client, "frame-timeout", 4421);
  }

  @Test
  void aFrameLeftUnfinished_isRefusedWhenTheFrameTimesOut() {
    StompTestClient client = StompTestClient.connected(port, "stall");
    client.sendRaw("SEND\ndestination:/topic/room.den\n\nno end in sight");
    assertRefused(client, "frame-timeout", 4421);
  }

  @Test
  void aSocketThatNeverSendsConnect_isRefusedWhenConnectTimesOut() {
    assertRefused(StompTestClient.open(port), "connect-timeout", 4420);
  }

  @Test
  void aWebSocketFrameTrickledAByteAtATime_isRefusedWhenTheFrameTimesOut() throws Exception {
    try (RawSocket raw = new RawSocket(port)) {
      raw.upgrade();
      raw.write(RawSocket.textFrame("CONNECT\naccept-version:1.2\nhost:x\n\n\0"));
      assertThat(raw.awaitText("CONNECTED", Duration.ofSeconds(5))).isTrue();
      byte[] frame = RawSocket.textFrame("SEND\ndestination:/topic/room.den\n\n" + "x".repeat(100) + "\0");
      Thread trickle = new Thread(() -> {
        try {
          for (byte b : frame) {
            raw.write(new byte[] {b});
            Thread.sleep(200);
          }
        } catch (Exception closed) {
          // the relay closed the connection: what the test waits for
        }
      });
      trickle.start();
      assertThat(raw.awaitText("frame-timeout", Duration.ofSeconds(10))).as("refused long before the frame ends").isTrue();
      trickle.interrupt();
    }
  }

  @Test
  void aConnectionThatNeverUpgrades_isClosedWithinTheConnectionTimeout() throws Exception {
    try (RawSocket raw = new RawSocket(port)) {
      assertThat(raw.readUntilClosed(Duration.ofSeconds(6))).as("closed by the relay").isNotNull();
    }
  }

  @Test
  void disconnectWithoutReceipt_closesNormally_withoutAnError() {
    StompTestClient client = StompTestClient.connected(port, "polite");
    client.subscribeAndSettle("den");
    client.disconnect();
    assertThat(client.closeCode()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(1000);
    assertThat(client.drain(Duration.ofMillis(200))).noneMatch(f -> "ERROR".equals(f.command()));
  }

  @Test
  void disconnectWithReceipt_isAnsweredWithTheReceipt() {
    StompTestClient client = StompTestClient.connected(port, "polite");
    client.sendFrame(new StompFrame("DISCONNECT", Map.of("receipt", "bye"), ""));
    client.awaitReceipt("bye");
    assertThat(client.drain(Duration.ofMillis(200))).noneMatch(f -> "ERROR".equals(f.command()));
  }

  @Test
  void aClientThatStopsItsHeartBeats_isRefusedWithHeartbeatTimeout() {
    StompTestClient client = StompTestClient.open(port);
    client.sendFrame(new StompFrame("CONNECT", Map.of("accept-version", "1.2", "host", "x", "heart-beat", "3000,0"), ""));
    assertThat(client.next().command()).isEqualTo("CONNECTED");
    // promised a heart-beat every 3 s, sends none: Spring allows three intervals (9 s) and checks once
    // per interval, so the ERROR may take up to 12 s, beyond one 10 s wait of the test client
    StompFrame error = null;
    for (int wait = 0; wait < 2 && error == null; wait++) {
      error = client.nextMatching(f -> "ERROR".equals(f.command()));
    }
    assertError(client, error, "heartbeat-timeout", 4422);
  }

  @Test
  void heartBeats_arriveWithinTheNegotiatedInterval() throws Exception {
    StompTestClient client = StompTestClient.open(port);
    client.sendFrame(new StompFrame("CONNECT", Map.of("accept-version", "1.2", "host", "x", "heart-beat", "0,3000"), ""));
    assertThat(client.next().header("heart-beat")).isEqualTo("3000,3000");
    long connected = System.nanoTime();
    Thread.sleep(13_000);
    List<Long> beats = client.heartbeatTimes();
    assertThat(beats).hasSizeGreaterThanOrEqualTo(4);
    long previous = connected;
    long widest = 0;
    for (long beat : beats) {
      widest = Math.max(widest, beat - previous);
      previous = beat;
    }
    assertThat(Duration.ofNanos(widest)).as("widest gap between heart-beats").isLessThan(Duration.ofMillis(3000));
    client.close();
  }

  @Test
  void aBinaryBodyThatIsNotUtf8_isRelayedByteForByte_inABinaryFrame() {
    byte[] body = new byte[256];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    byte[] head = "SEND\ndestination:/topic/room.den\ncontent-length:256\n\n".getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[head.length + body.length + 1];
    System.arraycopy(head, 0, frame, 0, head.length);
    System.arraycopy(body, 0, frame, head.length, body.length);
    speaker.sendBinary(frame);
    byte[] got = listener.nextBinary();
    assertThat(got).as("a binary MESSAGE").isNotNull();
    String text = new String(got, StandardCharsets.ISO_8859_1);
    int bodyStart = text.indexOf("\n\n") + 2;
    assertThat(text.substring(0, bodyStart)).contains("content-length:256\n").contains("content-type:application/octet-stream");
    byte[] received = java.util.Arrays.copyOfRange(got, bodyStart, bodyStart + 256);
    assertThat(received).isEqualTo(body);
    assertThat(got[bodyStart + 256]).isZero();
  }

  @Test
  void aTextContentTypeOnBytesThatAreNotUtf8_isRefused() {
    StompTestClient client = StompTestClient.connected(port, "mislabel");
    client.subscribeAndSettle("den");
    byte[] head = "SEND\ndestination:/topic/room.den\ncontent-type:text/plain\ncontent-length:2\n\n"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] frame = java.util.Arrays.copyOf(head, head.length + 3);
    frame[head.length] = (byte) 0xC3;
    frame[head.length + 1] = (byte) 0x28;
    client.sendBinary(frame);
    assertRefused(client, "malformed-frame", 4400);
  }

  private static StompFrame assertRefused(StompTestClient client, String reason, int closeCode) {
    StompFrame error = client.nextMatching(f -> "ERROR".equals(f.command()));
    assertError(client, error, reason, closeCode);
    return error;
  }

  private static void assertError(StompTestClient client, StompFrame error, String reason, int closeCode) {
    assertThat(error).as("ERROR frame for " + reason).isNotNull();
    assertThat(error.header("refusal")).isEqualTo(reason);
    assertThat(error.header("content-type")).isEqualTo("text/plain;charset=UTF-8");
    assertThat(error.body()).isEqualTo(error.header("message").replace("\\c", ":"));
    assertThat(client.closeCode()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo(closeCode);
    client.close();
  }
}
