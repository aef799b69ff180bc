package chat.client.session;

import chat.client.protocol.Envelope;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The room's signed membership history as this member holds it: the record whose key it holds (the
 * head) and every name ever removed. {@link #check} turns a record into a verdict without changing
 * anything; the session applies it. Confined to the session thread.
 */
final class MembershipChain {

  /** How a record stands against the head. */
  enum Standing {
    /** Not acceptable at all: {@link Verdict#reason()} says why. */
    REFUSED,
    /** The head itself, sent again. */
    DUPLICATE,
    /** Older than the head: history. */
    STALE,
    /** Made for the head's epoch by someone else at the same time, and the head wins the tie. */
    FORK_LOST,
    /** Made for the head's epoch at the same time, and it wins the tie: every member moves to it. */
    FORK_WON,
    /** The next record, chained to the head. */
    NEXT,
    /** Newer, but not chained to the head: records were missed, or the head lost a fork we never saw. */
    JUMP,
    /** We hold no record yet: the first one we see. */
    FIRST
  }

  record Verdict(Standing standing, String reason) {
    boolean movesOn() {
      return standing == Standing.NEXT || standing == Standing.JUMP || standing == Standing.FORK_WON
          || standing == Standing.FIRST;
    }
  }

  private Envelope.Record head;
  private String headHash;
  private final Set<String> removed = new LinkedHashSet<>();

  /** Forgets everything: the room this member made a moment ago and gave up in a join race. */
  void reset() {
    head = null;
    headHash = null;
    removed.clear();
  }

  Envelope.Record head() {
    return head;
  }

  String headHash() {
    return headHash;
  }

  boolean held() {
    return head != null;
  }

  boolean removed(String name) {
    return removed.contains(name);
  }

  Set<String> removedNames() {
    return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(removed));
  }

  /** Members of the head that a record we could not move to yet removed: its key is shared with them. */
  List<String> removedButInHead() {
    return head == null ? List.of()
        : head.members().stream().map(Envelope.RecordMember::name).filter(removed::contains).toList();
  }

  /** Names every removal in a record that passed its check: from now on nothing of theirs counts. */
  void learnRemovals(Envelope.Record r) {
    removed.addAll(r.removed());
  }

  void advance(Envelope.Record r, String hash) {
    head = r;
    headHash = hash;
    removed.addAll(r.removed());
  }

  /** The record's own rules and its place against the head; trust in the author is the session's. */
  Verdict check(Envelope.Record r, String hash, String room) {
    String wrong = wellFormed(r, room);
    if (wrong != null) {
      return refused(wrong);
    }
    Envelope.RecordMember author = r.member(r.author()).orElseThrow();
    if (!RoomCrypto.signedBy(r, author.identityKey())) {
      return refused("membership record for epoch " + r.epoch() + " with a bad signature (by " + r.author() + ")");
    }
    return place(r, hash);
  }

  /**
   * Where a record that already passed {@link #check} stands against the head now (the head may
   * have moved since): its form and signature do not change, so they are not checked again.
   */
  Verdict place(Envelope.Record r, String hash) {
    Envelope.RecordMember author = r.member(r.author()).orElseThrow();
    if (!r.removed().containsAll(removed)) {
      return refused("membership record by " + r.author() + " that takes back a removal");
    }
    if (head == null) {
      return new Verdict(Standing.FIRST, null);
    }
    if (hash.equals(headHash)) {
      return new Verdict(Standing.DUPLICATE, null);
    }
    if (!r.charter().signature().equals(head.charter().signature())) {
      return refused("membership record by " + r.author() + " under a different room charter");
    }
    if (r.epoch() < head.epoch()) {
      return new Verdict(Standing.STALE, null);
    }
    if (r.epoch() == head.epoch()) {
      // A removal wins a tie, so a fork is no way around the rule that only the creator removes.
      if (!r.author().equals(r.charter().creator()) && !removed.containsAll(r.removed())) {
        return refused("membership record by " + r.author() + " for epoch " + r.epoch()
            + " that removes members: only the room's creator removes members");
      }
      return new Verdict(winsTie(r, hash) ? Standing.FORK_WON : Standing.FORK_LOST, null);
    }
    boolean chained = r.epoch() == head.epoch() + 1 && headHash.equals(r.previous());
    if (!chained) {
      return new Verdict(Standing.JUMP, null);
    }
    Envelope.RecordMember before = head.member(r.author()).orElse(null);
    if (before == null || !before.identityKey().equals(author.identityKey())) {
      return refused("membership record by " + r.author() + ", who is not a member in the record before it");
    }
    // A member may carry a removal it learned from the creator's record; it may not make one up.
    List<String> newlyRemoved = r.removed().stream().filter(name -> !removed.contains(name)).toList();
    if (!newlyRemoved.isEmpty() && !r.author().equals(r.charter().creator())) {
      return refused("membership record by " + r.author() + " that removes " + newlyRemoved
          + ": only the room's creator removes members");
    }
    return new Verdict(Standing.NEXT, null);
  }

  /**
   * Two records for one epoch: the one that removes more wins (a removal is never lost to a join made
   * at the same moment), then the smaller hash. Every member applies the same rule, so all converge.
   */
  private boolean winsTie(Envelope.Record r, String hash) {
    if (r.removed().size() != head.removed().size()) {
      return r.removed().size() > head.removed().size();
    }
    return hash.compareTo(headHash) < 0;
  }

  private static String wellFormed(Envelope.Record r, String room) {
    if (!room.equals(r.room()) || !room.equals(r.charter().room())) {
      return "membership record for another room";
    }
    if (!Envelope.Record.CHANGES.contains(r.change()) || r.epoch() < 1 || (r.epoch() == 1) != (r.previous() == null)) {
      return "malformed membership record";
    }
    Set<String> names = new HashSet<>();
    for (Envelope.RecordMember m : r.members()) {
      if (!names.add(m.name()) || r.removed().contains(m.name())) {
        return "membership record that lists " + m.name() + " twice, or as member and removed";
      }
    }
    if (!names.contains(r.author())) {
      return "membership record whose author " + r.author() + " is not among its members";
    }
    if (r.epoch() == 1) {
      Envelope.RecordMember creator = r.members().get(0);
      if (!"create".equals(r.change()) || r.members().size() != 1 || !r.author().equals(r.charter().creator())
          || !creator.identityKey().equals(r.charter().creatorIdentity())) {
        return "a room's first record must be its creator's, alone";
      }
    }
    return null;
  }

  private static Verdict refused(String reason) {
    return new Verdict(Standing.REFUSED, reason);
  }
}
