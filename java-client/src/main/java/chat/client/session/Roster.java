package chat.client.session;

import chat.client.crypto.MemberKeys;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The members this client knows of in one room. Confined to the session thread. */
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

  void put(Member member) {
    members.put(member.name(), member);
  }

  /** Records keys it announced or that a trusted member listed. */
  void keys(String name, String publicKey, String identityKey) {
    Member m = members.get(name);
    members.put(name, new Member(name, publicKey, identityKey, m == null ? NO_EPOCH : m.epoch(),
        m == null ? null : m.changedIdentity()));
  }

  void holds(String name, long epoch) {
    Member m = members.get(name);
    if (m == null) {
      members.put(name, new Member(name, null, null, epoch, null));
    } else if (epoch > m.epoch()) {
      members.put(name, new Member(name, m.publicKey(), m.identityKey(), epoch, m.changedIdentity()));
    }
  }

  /**
   * It announced: whatever we thought, it does not hold the current key (a member asking again
   * after a missed rekey). It stays admitted (epoch 0) if it ever held one.
   */
  void asking(String name) {
    Member m = members.get(name);
    if (m != null && m.epoch() > 0) {
      members.put(name, new Member(name, m.publicKey(), m.identityKey(), 0, m.changedIdentity()));
    }
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

  void remove(String name) {
    members.remove(name);
  }

  /** Members holding {@code epoch} (or newer), unblocked, with a known RSA key. */
  List<Member> holding(long epoch) {
    return members.values().stream().filter(m -> m.epoch() >= epoch && !m.blocked() && m.publicKey() != null).toList();
  }

  List<Member> all() {
    return List.copyOf(members.values());
  }
}
