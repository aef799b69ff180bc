package chat.relay.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** A STOMP 1.2 frame as a test sees it on the wire (text bodies only). */
public record StompFrame(String command, Map<String, String> headers, String body) {

  public StompFrame {
    headers = Map.copyOf(headers);
  }

  public String header(String name) {
    return headers.get(name);
  }

  public String encode() {
    StringBuilder out = new StringBuilder(command).append('\n');
    headers.forEach((k, v) -> out.append(k).append(':').append(v).append('\n'));
    return out.append('\n').append(body).append('\0').toString();
  }

  /** Parses one frame; header values are not unescaped since the tests never need it. */
  public static StompFrame parse(String text) {
    int start = 0;
    while (start < text.length() && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
      start++;
    }
    int headerEnd = text.indexOf("\n\n", start);
    String head = text.substring(start, headerEnd);
    String[] lines = head.split("\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
    }
    int end = text.indexOf('\0', headerEnd + 2);
    String body = text.substring(headerEnd + 2, end < 0 ? text.length() : end);
    return new StompFrame(lines[0], headers, body);
  }

  /** The frames of one WebSocket message, and whether end-of-lines (a heart-beat) came before one. */
  public record Split(java.util.List<StompFrame> frames, boolean heartbeat) { }

  /** Every frame of one WebSocket message (text bodies without NUL bytes, as the tests send). */
  public static Split parseAll(String text) {
    java.util.List<StompFrame> frames = new java.util.ArrayList<>();
    boolean heartbeat = false;
    int at = 0;
    while (at < text.length()) {
      int start = at;
      while (at < text.length() && (text.charAt(at) == '\n' || text.charAt(at) == '\r')) {
        at++;
      }
      heartbeat |= at > start;
      if (at == text.length()) {
        break;
      }
      int end = text.indexOf('\0', at);
      end = end < 0 ? text.length() : end;
      frames.add(parse(text.substring(at, Math.min(text.length(), end + 1))));
      at = end + 1;
    }
    return new Split(frames, heartbeat);
  }

  /** The bytes as text if they are valid UTF-8, else null (a binary body). */
  public static String utf8OrNull(byte[] bytes) {
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }
}
