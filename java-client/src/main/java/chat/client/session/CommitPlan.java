package chat.client.session;

import chat.client.protocol.Envelope;
import chat.client.protocol.MemberPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The membership changes waiting for this member's next record: joins gathered over a short batch,
 * the relay's leave claims, the creator's removals, a rekey. {@link #next} turns what is still
 * needed against the record we hold into the next record's contents, and clears the plan.
 * Confined to the session thread.
 */
final class CommitPlan {

  /** The next record's contents. */
  record Next(List<Envelope.RecordMember> members, List<String> removed, String change, List<String> subjects,
      List<String> joined, String rekeyReason) {}

  final Set<String> joins = new LinkedHashSet<>();
  final Set<String> leaves = new LinkedHashSet<>();
  final Set<String> removals = new LinkedHashSet<>();
  String rekeyReason;

  List<String> subjects() {
    List<String> all = new ArrayList<>(removals);
    all.addAll(leaves);
    all.addAll(joins);
    return all;
  }

  /** What the next record holds, or null if the record we hold already says it all. */
  Next next(Envelope.Record head, Roster roster, MembershipChain chain, Map<String, MemberPublicKey> publicKeys, String me) {
    List<String> removing = removals.stream().filter(n -> !n.equals(me) && !chain.removed(n)).toList();
    List<String> leaving = leaves.stream().filter(n -> !n.equals(me) && head.member(n).isPresent()).toList();
    List<Envelope.RecordMember> joining = new ArrayList<>();
    for (String name : joins) {
      Roster.Member m = roster.get(name).orElse(null);
      if (m == null || m.blocked() || m.identityKey() == null || chain.removed(name) || removing.contains(name)
          || name.equals(me) || !publicKeys.containsKey(name)) {
        continue;
      }
      Envelope.RecordMember entry = new Envelope.RecordMember(name, m.identityKey(), fingerprint(m.publicKey()));
      if (!head.member(name).map(entry::equals).orElse(false)) {
        joining.add(entry);
      }
    }
    String reason = rekeyReason;
    clear();
    if (removing.isEmpty() && leaving.isEmpty() && joining.isEmpty() && reason == null) {
      return null;
    }
    List<Envelope.RecordMember> members = new ArrayList<>();
    for (Envelope.RecordMember m : head.members()) {
      if (removing.contains(m.name()) || leaving.contains(m.name()) || chain.removed(m.name())) {
        continue; // (a removal we learned from a record whose key never reached us goes into ours too)
      }
      members.add(joining.stream().filter(j -> j.name().equals(m.name())).findFirst().orElse(m));
    }
    joining.stream().filter(j -> head.member(j.name()).isEmpty()).forEach(members::add);
    Set<String> removed = new LinkedHashSet<>(head.removed());
    removed.addAll(chain.removedNames());
    removed.addAll(removing);
    List<String> joined = joining.stream().map(Envelope.RecordMember::name).toList();
    List<String> subjects = new ArrayList<>(removing);
    subjects.addAll(leaving);
    subjects.addAll(joined);
    String change = !removing.isEmpty() ? "remove" : !joined.isEmpty() ? "join" : !leaving.isEmpty() ? "leave" : "rekey";
    return new Next(members, List.copyOf(removed), change, subjects, joined, removing.isEmpty() && joined.isEmpty()
        && leaving.isEmpty() ? reason : null);
  }

  void clear() {
    joins.clear();
    leaves.clear();
    removals.clear();
    rekeyReason = null;
  }

  private static String fingerprint(MemberPublicKey publicKey) {
    return RoomCrypto.fingerprint(publicKey);
  }
}
