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
}
