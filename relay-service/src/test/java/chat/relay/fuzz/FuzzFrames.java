package chat.relay.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;

/**
 * Seeded STOMP frames for the fuzz test: borderline frames the relay must take without a word
 * (odd but valid escapes, headers, bodies, heart-beats), and malformed ones it must refuse, each
 * with the refusals docs/relay.md allows for it.
 */
final class FuzzFrames {

  /** A frame the relay must refuse, as text or as the bytes of a binary WebSocket message. */
  record Bad(String kind, String text, byte[] binary, Set<String> reasons) {}

  private static final String[] ODD_VALUES = {"", " ", "\\\\", "\\c", "\\n", "\\r", "a\\cb\\nc", "ü∂ß", "日本語",
      "x".repeat(300), "=;,/?#[]@!$&'()*+", "\u00e9\u0301", "\ud83d\ude00"};
  /** Not client commands: unknown ones, and the server's own (a client MESSAGE must never reach a room). */
  private static final String[] NOT_CLIENT_COMMANDS = {"FOO", "SENDX", "send", "S END", "MESSAGE", "RECEIPT", "ERROR",
      "CONNECTED"};

  private final Random random;
  private final int maxFrameBytes;

  FuzzFrames(Random random, int maxFrameBytes) {
    this.random = random;
    this.maxFrameBytes = maxFrameBytes;
  }

  /** A frame (or a heart-beat) a connected session subscribed to {@code room} may send. */
  String borderline(String room) {
    return switch (random.nextInt(8)) {
      case 0 -> "\n".repeat(1 + random.nextInt(3)); // heart-beats
      case 1 -> "\r\n";
      case 2 -> send(room, "x-odd:" + pick(ODD_VALUES) + "\n", randomText(random.nextInt(200)));
      case 3 -> send(room, "content-type:" + pick(new String[] {"text/plain", "application/json", "text/plain;charset=utf-8",
          "application/octet-stream"}) + "\n", randomText(random.nextInt(500)));
      case 4 -> {
        String body = randomText(random.nextInt(50)) + "\0" + randomText(random.nextInt(50)); // NUL inside, counted
        yield "SEND\ndestination:/topic/room." + room + "\ncontent-length:"
            + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body + "\0";
      }
      case 5 -> send(room, "receipt:r-" + random.nextInt(1000) + "\nrelay-member:forged\nrelay-session:forged\n", "");
      case 6 -> send(room, "x-" + random.nextInt(100) + ":" + random.nextInt() + "\nx-dup:1\nx-dup:2\n",
          randomText(random.nextInt(64)));
      default -> "SEND\r\ndestination:/topic/room." + room + "\r\n\r\n" + randomText(random.nextInt(100)) + "\0\n";
    };
  }

  /** A frame the relay must refuse; the session sent CONNECT and subscribed to {@code room} before it. */
  Bad malformed(String room) {
    return switch (random.nextInt(16)) {
      case 0 -> bad("not-a-client-command", pick(NOT_CLIENT_COMMANDS) + "\ndestination:/topic/room." + room
          + "\n\nforged\0", "malformed-frame");
      case 1 -> bad("header-without-colon", "SEND\ndestination:/topic/room." + room + "\nno colon here\n\nhi\0",
          "malformed-frame");
      case 2 -> bad("illegal-escape", "SEND\ndestination:/topic/room." + room + "\nx:\\" + "tqz".charAt(random.nextInt(3))
          + "\n\nhi\0", "malformed-frame");
      case 3 -> bad("content-length", "SEND\ndestination:/topic/room." + room + "\ncontent-length:"
          + pick(new String[] {"-1", "abc", "1e3", " 5", "0x10", "+3"}) + "\n\nhello\0", "malformed-frame");
      case 4 -> bad("wildcard", "SEND\ndestination:/topic/room." + pick(new String[] {"*", "#", "a.*", "**", "a b", ""})
          + "\n\nhi\0", "invalid-room");
      case 5 -> bad("outside", "SEND\ndestination:" + pick(new String[] {"/queue/a", "/topic/x", "/app/x", "topic/room.a",
          "/user/a", "/topic/**"}) + "\n\nhi\0", "destination-not-allowed", "invalid-room");
      case 6 -> bad("not-joined", "SEND\ndestination:/topic/room.elsewhere" + random.nextInt(1000) + "\n\nhi\0",
          "not-in-room");
      case 7 -> bad("unsupported", pick(new String[] {"ACK", "NACK", "BEGIN", "COMMIT", "ABORT"})
          + "\nid:1\ntransaction:t\nreceipt:r\n\n\0", "unsupported-frame");
      case 8 -> bad("ack-mode", "SUBSCRIBE\nid:a" + random.nextInt(99) + "\ndestination:/topic/room.z\nack:client\n\n\0",
          "unsupported-frame");
      case 9 -> bad("subscription-id", "SUBSCRIBE\nid:main\ndestination:/topic/room.other\n\n\0", "subscription-id-in-use");
      case 10 -> bad("second-connect", "CONNECT\naccept-version:1.2\nhost:x\n\n\0", "already-connected");
      case 11 -> bad("oversized", "SEND\ndestination:/topic/room." + room + "\n\n" + "o".repeat(maxFrameBytes + random.nextInt(4096))
          + "\0", "frame-too-large");
      case 12 -> bad("no-id", "SUBSCRIBE\ndestination:/topic/room.q\n\n\0", "malformed-frame");
      case 13 -> bad("same-room", "SUBSCRIBE\nid:again\ndestination:/topic/room." + room + "\n\n\0", "already-subscribed");
      case 14 -> {
        byte[] head = ("SEND\ndestination:/topic/room." + room + "\ncontent-type:text/plain\ncontent-length:3\n\n")
            .getBytes(StandardCharsets.US_ASCII);
        byte[] frame = java.util.Arrays.copyOf(head, head.length + 4);
        frame[head.length] = (byte) 0xFF;
        frame[head.length + 1] = (byte) 0xFE;
        frame[head.length + 2] = (byte) (0x80 + random.nextInt(64));
        yield new Bad("not-utf8", null, frame, Set.of("malformed-frame"));
      }
      default -> bad("wildcard-subscription", "SUBSCRIBE\nid:w\ndestination:/topic/room." + pick(new String[] {"*", "#",
          ">", "a*"}) + "\n\n\0", "invalid-room");
    };
  }

  private String send(String room, String extraHeaders, String body) {
    return "SEND\ndestination:/topic/room." + room + "\n" + extraHeaders + "\n" + body + "\0";
  }

  private String randomText(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int kind = random.nextInt(20);
      text.append(kind == 0 ? pick(ODD_VALUES) : (char) (kind == 1 ? 0x80 + random.nextInt(0x700) : 0x20 + random.nextInt(0x5f)));
    }
    return text.toString().replace("\0", "");
  }

  private String pick(String[] from) {
    return from[random.nextInt(from.length)];
  }

  private static Bad bad(String kind, String text, String... reasons) {
    return new Bad(kind, text, null, Set.of(reasons));
  }
}
