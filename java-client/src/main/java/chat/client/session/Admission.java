package chat.client.session;

import chat.client.crypto.Invitation;
import chat.client.protocol.Envelope;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who a keyed member lets in, by the room's policy: a decision per announce, taken without
 * changing anything, and the state it keeps (join requests, invitations issued and used, newcomers
 * told the room is invite-only). The session applies a decision, then acts on it. Confined to the
 * session thread.
 */
final class Admission {

  /** What to do with a newcomer's announce. */
  enum Decision {
    /** A member asking again, or anyone in an open room: one ranked member answers. */
    ANSWER_RANKED,
    /** Our invitation, with its proof, used for the first time (or again by the same person): we answer. */
    ANSWER_NOW,
    /** An approve room's newcomer, first seen: a person decides; the newcomer is told it waits. */
    ASK_A_PERSON,
    /** Already waiting for a person: nothing new. */
    ALREADY_ASKED,
    /** An invite room's newcomer without an invitation, first seen: no key; told how to get in. */
    TURN_AWAY,
    /** The same, seen again: no key, no second word. */
    ALREADY_TURNED_AWAY,
    /** Another member's invitation: only its inviter admits. */
    NOT_OURS,
    /** Our invitation's id without its secret: no key. */
    FORGED_PROOF,
    /** Our invitation, already used by someone else: an invitation admits one person. */
    ALREADY_USED
  }

  /** A decision, with who used the invitation first when it was already used. */
  record Verdict(Decision decision, String usedBy) {}

  private final Set<String> joinRequests = new LinkedHashSet<>();
  private final Set<String> turnedAway = new HashSet<>();
  private final Map<String, Invitation> issued = new HashMap<>();
  private final Set<String> everMembers = new HashSet<>();
  private final Map<String, String> usedBy = new HashMap<>();

  Verdict decide(Envelope.Announce a, boolean admittedBefore, RoomSession.Policy policy) {
    if (admittedBefore || policy == RoomSession.Policy.OPEN) {
      return verdict(Decision.ANSWER_RANKED);
    }
    if (policy == RoomSession.Policy.APPROVE) {
      return verdict(joinRequests.contains(a.member()) ? Decision.ALREADY_ASKED : Decision.ASK_A_PERSON);
    }
    if (a.invitationId() == null) {
      return verdict(turnedAway.contains(a.member()) ? Decision.ALREADY_TURNED_AWAY : Decision.TURN_AWAY);
    }
    Invitation invitation = issued.get(a.invitationId());
    if (invitation == null) {
      return verdict(Decision.NOT_OURS);
    }
    if (!RoomCrypto.proves(invitation, a)) {
      return verdict(Decision.FORGED_PROOF);
    }
    String first = usedBy.get(a.invitationId());
    return first != null && !first.equals(a.member()) ? new Verdict(Decision.ALREADY_USED, first)
        : verdict(Decision.ANSWER_NOW);
  }

  /** Remembers what a decision changes: the request, the newcomer turned away, the invitation used. */
  void apply(Envelope.Announce a, Verdict verdict) {
    switch (verdict.decision()) {
      case ASK_A_PERSON -> joinRequests.add(a.member());
      case TURN_AWAY -> turnedAway.add(a.member());
      case ANSWER_NOW -> usedBy.putIfAbsent(a.invitationId(), a.member());
      case ANSWER_RANKED, ALREADY_ASKED, ALREADY_TURNED_AWAY, NOT_OURS, FORGED_PROOF, ALREADY_USED -> {
        // nothing to remember
      }
    }
  }

  /** Everyone listed in a record we held: asking again later, they are let back without a new request. */
  void members(Envelope.Record record) {
    record.members().forEach(m -> everMembers.add(m.name()));
  }

  boolean admittedBefore(String member) {
    return everMembers.contains(member);
  }

  void issued(Invitation invitation) {
    issued.put(invitation.id(), invitation);
  }

  /** A newcomer who announced while we were joining, in an approve room: true if it is a new request. */
  boolean request(String member) {
    return joinRequests.add(member);
  }

  /** Turns a member away for good in this session: true the first time (to tell them once). */
  boolean turnAway(String member) {
    return turnedAway.add(member);
  }

  /** Takes a pending request (for /accept or /refuse); false if nobody by that name waits. */
  boolean takeRequest(String member) {
    return joinRequests.remove(member);
  }

  /** The member left or was removed. */
  void forget(String member) {
    joinRequests.remove(member);
  }

  private static Verdict verdict(Decision decision) {
    return new Verdict(decision, null);
  }
}
