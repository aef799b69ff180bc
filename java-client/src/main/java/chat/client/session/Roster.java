package chat.client.session;

import chat.client.crypto.MemberKeys;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys this client learned of members of one room, from their announces and from the RSA keys a
 * record's delivery vouches for, and any changed identity not yet accepted. Who is a member, and in
 * which epoch, is the signed record's to say (RoomSession#members). Confined to the session thread.
 */
public final class Roster {

  /** Not yet keyed in any epoch. */
  static final long NO_EPOCH = -1;

  /**
   * A member as far as we know.
   *
   * @param publicKey RSA key for wrapping room keys (base64 DER), null if not seen
   * @param identityKey the trusted Ed25519 identity (base64 DER), null if not seen
   * @param epoch the latest epoch it is known to hold, or -1
   * @param changedIdentity a different identity key it presented, not accepted yet; null if none
   */
  public record Member(String name, String publicKey, String identityKey, long epoch, String changedIdentity) {
    public String fingerprint() {
      return identityKey == null ? "(identity not seen)" : MemberKeys.fingerprint(Base64.getDecoder().decode(identityKey));
    }

    public boolean keyed() {
      return epoch != NO_EPOCH;
    }

    public boolean blocked() {
      return changedIdentity != null;
    }
  }

  private final Map<String, Member> members = new TreeMap<>();

  Optional<Member> get(String name) {
    return Optional.ofNullable(members.get(name));
  }

  /** Records keys it announced or that a trusted member listed. */
  void keys(String name, String publicKey, String identityKey) {
    Member m = members.get(name);
    members.put(name, new Member(name, publicKey, identityKey, m == null ? NO_EPOCH : m.epoch(),
        m == null ? null : m.changedIdentity()));
  }

  void identityChanged(String name, String presented) {
    Member m = members.get(name);
    members.put(name, new Member(name, m == null ? null : m.publicKey(), m == null ? null : m.identityKey(),
        m == null ? NO_EPOCH : m.epoch(), presented));
  }

  void acceptChangedIdentity(String name) {
    Member m = members.get(name);
    if (m != null && m.changedIdentity() != null) {
      members.put(name, new Member(name, m.publicKey(), m.changedIdentity(), m.epoch(), null));
    }
  }

  List<Member> all() {
    return List.copyOf(members.values());
  }
}
