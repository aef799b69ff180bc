package chat.client.session;

import chat.client.protocol.Envelope;
import chat.client.protocol.IdentityPublicKey;
import chat.client.protocol.MemberPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The keys this client learned of members of one room, from their announces and from the RSA keys a
 * record's delivery vouches for, and any changed identity not yet accepted. Who is a member, and in
 * which epoch, is the signed record's to say (Roster#others). Confined to the session thread.
 */
public final class Roster {

  /** Not yet keyed in any epoch. */
  static final long NO_EPOCH = -1;

  /**
   * A member as far as we know.
   *
   * @param publicKey RSA key for wrapping room keys, null if not seen
   * @param identityKey the trusted Ed25519 identity, null if not seen
   * @param epoch the latest epoch it is known to hold, or -1
   * @param changedIdentity a different identity key it presented, not accepted yet; null if none
   */
  public record Member(String name, MemberPublicKey publicKey, IdentityPublicKey identityKey, long epoch,
      IdentityPublicKey changedIdentity) {
    public String fingerprint() {
      return identityKey == null ? "(identity not seen)" : RoomCrypto.fingerprint(identityKey);
    }

    public boolean keyed() {
      return epoch != NO_EPOCH;
    }

    /** What its announced key takes: {@code hybrid} (RSA and ML-KEM) or {@code rsa}; null if not seen. */
    public String keyProtection() {
      return publicKey == null ? null : RoomCrypto.hybrid(publicKey) ? "hybrid" : "rsa";
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
  void keys(String name, MemberPublicKey publicKey, IdentityPublicKey identityKey) {
    Member m = members.get(name);
    members.put(name, new Member(name, publicKey, identityKey, m == null ? NO_EPOCH : m.epoch(),
        m == null ? null : m.changedIdentity()));
  }

  void identityChanged(String name, IdentityPublicKey presented) {
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

  /**
   * The other members as the user sees them: those of the signed record we hold, in its order and
   * epoch, then anyone who announced, is not in it yet (not keyed) and was not removed.
   */
  List<Member> others(String me, Envelope.Record head, MembershipChain chain) {
    List<Member> out = new ArrayList<>();
    Set<String> listed = new HashSet<>();
    if (head != null) {
      for (Envelope.RecordMember m : head.members()) {
        listed.add(m.name());
        if (!m.name().equals(me)) {
          Member known = members.get(m.name());
          out.add(new Member(m.name(), known == null ? null : known.publicKey(), m.identityKey(), head.epoch(),
              known == null ? null : known.changedIdentity()));
        }
      }
    }
    members.values().stream().filter(m -> !m.name().equals(me) && !listed.contains(m.name()) && !chain.removed(m.name()))
        .forEach(m -> out.add(new Member(m.name(), m.publicKey(), m.identityKey(), NO_EPOCH, m.changedIdentity())));
    return out;
  }
}
