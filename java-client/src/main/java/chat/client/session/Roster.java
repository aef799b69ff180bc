package chat.client.session;

import chat.client.crypto.MemberKeys;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The members this client knows of in one room. Confined to the session thread. */
public final class Roster {

  /** A member as far as we know: its announced key (if seen) and whether it holds the room key. */
  public record Member(String name, String publicKey, boolean keyed) {
    public String fingerprint() {
      return publicKey == null ? "(key not seen)" : MemberKeys.fingerprint(Base64.getDecoder().decode(publicKey));
    }
  }

  private final Map<String, Member> members = new TreeMap<>();

  void announced(String name, String publicKey) {
    Member known = members.get(name);
    members.put(name, new Member(name, publicKey, known != null && known.keyed()));
  }

  void keyed(String name) {
    Member known = members.get(name);
    members.put(name, new Member(name, known == null ? null : known.publicKey(), true));
  }

  boolean isKeyed(String name) {
    Member m = members.get(name);
    return m != null && m.keyed();
  }

  String publicKey(String name) {
    Member m = members.get(name);
    return m == null ? null : m.publicKey();
  }

  void remove(String name) {
    members.remove(name);
  }

  List<String> keyedNames() {
    return members.values().stream().filter(Member::keyed).map(Member::name).toList();
  }

  List<Member> all() {
    return List.copyOf(members.values());
  }
}
