package chat.relay.delivery;

import chat.wire.RelayHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompDecoder;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.messaging.StompSubProtocolHandler;

/**
 * The frame the writer encodes once per room message is, for every member, the frame Spring's own
 * STOMP handler writes for that member's copy: same command, headers, order, escaping and body.
 */
class RoomDeliveryWriterTest {

  final RoomDeliveryWriter writer = new RoomDeliveryWriter(new SessionOutboxes());

  @Test
  void chatMessage_isEncodedAsSpringEncodesIt_forEveryMember() throws Exception {
    Message<byte[]> sent = relayed("SEND\ndestination:/topic/room.den\ncontent-type:application/json\n\n{\"v\":2}\0");
    for (String member : List.of("s1", "s2", "s3")) {
      Message<?> copy = brokerCopy(sent, member, "sub-" + member);
      assertThat(normalized(writer.encode(copy))).isEqualTo(normalized(springWrites(copy)));
    }
  }

  @Test
  void eachMemberGetsItsOwnSubscriptionAndMessageId_fromOneEncoding() {
    Message<byte[]> sent = relayed("SEND\ndestination:/topic/room.den\n\nhello\0");
    String first = writer.encode(brokerCopy(sent, "s1", "sub-a"));
    String second = writer.encode(brokerCopy(sent, "s2", "sub-b"));
    assertThat(first).contains("\nsubscription:sub-a\n").doesNotContain("sub-b").contains("\nmessage-id:s1-");
    assertThat(second).contains("\nsubscription:sub-b\n").doesNotContain("sub-a").contains("\nmessage-id:s2-");
    assertThat(second).endsWith("\n\nhello\0");
  }

  @Test
  void nextMessageOnTheSameLane_isNotConfusedWithThePrevious() throws Exception {
    Message<?> one = brokerCopy(relayed("SEND\ndestination:/topic/room.den\n\none\0"), "s1", "sub-1");
    Message<?> two = brokerCopy(relayed("SEND\ndestination:/topic/room.cave\n\ntwo\0"), "s1", "sub-1");
    writer.encode(one);
    assertThat(normalized(writer.encode(two))).isEqualTo(normalized(springWrites(two)));
  }

  @Test
  void headerValuesNeedingEscapes_andNonAsciiBodies_matchSpring() throws Exception {
    Message<byte[]> sent = relayed("SEND\ndestination:/topic/room.den\n\nh\u00e9llo \u2603 \ud83d\udc4b\0");
    StompHeaderAccessor headers = MessageHeaderAccessor.getAccessor(sent, StompHeaderAccessor.class);
    headers.setNativeHeader("relay-note", "a:b\\c\nd\re");
    Message<?> copy = brokerCopy(sent, "s1", "sub-1");
    String ours = writer.encode(copy);
    assertThat(ours).contains("relay-note:a\\cb\\\\c\\nd\\re\n");
    assertThat(normalized(ours)).isEqualTo(normalized(springWrites(copy)));
  }

  @Test
  void presenceEventFromTheRelay_matchesSpring() throws Exception {
    SimpMessageHeaderAccessor event = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
    event.setNativeHeader(RelayHeaders.EVENT, "join");
    event.setNativeHeader("content-type", "application/json");
    event.setDestination("/topic/room.den");
    Message<byte[]> published = MessageBuilder.createMessage("{\"event\":\"join\"}".getBytes(StandardCharsets.UTF_8),
        event.getMessageHeaders());
    Message<?> copy = brokerCopy(published, "s9", "sub-9");
    assertThat(normalized(writer.encode(copy))).isEqualTo(normalized(springWrites(copy)));
  }

  @Test
  void framesThatAreNotRoomDeliveries_areLeftToSpring() {
    SimpMessageHeaderAccessor connected = SimpMessageHeaderAccessor.create(SimpMessageType.CONNECT_ACK);
    connected.setSessionId("s1");
    assertThat(writer.encode(MessageBuilder.createMessage(new byte[0], connected.getMessageHeaders()))).isNull();

    Message<byte[]> binary = relayed("SEND\ndestination:/topic/room.den\ncontent-type:application/octet-stream\n\nxx\0");
    assertThat(writer.encode(brokerCopy(binary, "s1", "sub-1"))).as("Spring sends these as binary").isNull();

    StompHeaderAccessor fromRabbit = StompHeaderAccessor.create(org.springframework.messaging.simp.stomp.StompCommand.MESSAGE);
    fromRabbit.setSessionId("s1");
    fromRabbit.setSubscriptionId("sub-1");
    fromRabbit.setDestination("/topic/room.den");
    fromRabbit.setLeaveMutable(true);
    assertThat(writer.encode(MessageBuilder.createMessage(new byte[] {'x'}, fromRabbit.getMessageHeaders())))
        .as("an external broker's frame keeps its own headers").isNull();
  }

  /** A client's SEND as the relay holds it after decoding and the InboundGuard's stamps. */
  private static Message<byte[]> relayed(String stomp) {
    Message<byte[]> decoded = new StompDecoder().decode(ByteBuffer.wrap(stomp.getBytes(StandardCharsets.UTF_8))).get(0);
    StompHeaderAccessor headers = MessageHeaderAccessor.getAccessor(decoded, StompHeaderAccessor.class);
    headers.setSessionId("sender");
    headers.setNativeHeader(RelayHeaders.MESSAGE_ID, "relay1-7");
    headers.setNativeHeader(RelayHeaders.SESSION, "relay1-sender");
    headers.setNativeHeader(RelayHeaders.MEMBER, "alice");
    headers.setNativeHeader(RelayHeaders.TIMESTAMP, "1764200000000");
    headers.setLeaveMutable(true);
    return decoded;
  }

  /** The copy Spring's simple broker makes for one subscriber (SimpleBrokerMessageHandler). */
  private static Message<?> brokerCopy(Message<?> published, String sessionId, String subscriptionId) {
    SimpMessageHeaderAccessor copy = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
    copy.setSessionId(sessionId);
    copy.setSubscriptionId(subscriptionId);
    copy.copyHeadersIfAbsent(published.getHeaders());
    copy.setLeaveMutable(true);
    return MessageBuilder.createMessage(published.getPayload(), copy.getMessageHeaders());
  }

  private static String springWrites(Message<?> copy) throws Exception {
    List<WebSocketMessage<?>> written = new ArrayList<>();
    WebSocketSession session = mock(WebSocketSession.class);
    when(session.getId()).thenReturn(SimpMessageHeaderAccessor.getSessionId(copy.getHeaders()));
    when(session.isOpen()).thenReturn(true);
    doAnswer(call -> written.add(call.getArgument(0))).when(session).sendMessage(any());
    new StompSubProtocolHandler().handleMessageToClient(session, copy);
    assertThat(written).hasSize(1);
    return ((TextMessage) written.get(0)).getPayload();
  }

  /** Spring numbers message ids with its own counter; everything else must match exactly. */
  private static String normalized(String frame) {
    assertThat(frame).isNotNull().contains("\nmessage-id:");
    return frame.replaceAll("\nmessage-id:([^\n-]+)-\\d+\n", "\nmessage-id:$1-N\n");
  }
}
