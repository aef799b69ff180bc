package chat.client.cli;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/** Which relay URLs the command accepts: {@code wss://} anywhere, plain {@code ws://} only to this machine. */
final class ServerRule {

  private ServerRule() {}

  /** Why the URL is refused, in words; null if it is fine. */
  static String check(URI server, boolean insecure) {
    String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http") || scheme.equals("https")) {
      String ws = (scheme.equals("http") ? "ws" : "wss") + server.toString().substring(scheme.length());
      return "--server " + server + " is the relay's web address; the chat speaks WebSocket to it: --server " + ws;
    }
    if (!scheme.equals("ws") && !scheme.equals("wss")) {
      return "--server must be a ws:// or wss:// URL (such as " + chat.client.ChatOptions.DEFAULT_SERVER_TEXT
          + "), not " + server;
    }
    if (server.getHost() == null) {
      return "--server has no host: " + server;
    }
    if (scheme.equals("ws") && !insecure && !loopback(server.getHost())) {
      return "--server " + server + " is plain ws:// to another machine: anyone on the way would see who talks when"
          + " and could cut the chat (messages stay end-to-end encrypted). Use wss://, or --insecure if you mean it";
    }
    return null;
  }

  private static boolean loopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      // a literal address only: a name is not looked up, so DNS cannot make a remote host "local"
      return h.matches("[0-9.]+|[0-9a-fA-F:]+") && InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
