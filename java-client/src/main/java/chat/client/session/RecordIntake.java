package chat.client.session;

import chat.client.crypto.RoomKey;
import chat.client.protocol.Envelope;
import java.util.List;
import java.util.Map;

/**
 * Membership records and the key deliveries bound to them, as they arrive in either order: a record
 * is checked (its chain, charter, author, and our invitation's inviter), its removals are learned at
 * once, and if it lists this client it waits for its key; a key is taken only with its record, only
 * if it unwraps (or opens under the current key) and matches the record's commitment, and only if
 * the record still stands against the head when the key comes.
 */
final class RecordIntake {

  /** Records and early key deliveries kept while waiting for their other half. */
  private static final int PENDING_LIMIT = 16;

  private final RoomContext ctx;
  private final RoomEngine engine;
  private final MemberTrust trust;
  private final Joining joining;
  private final Keying keying;
  /** Records that list us, waiting for their key; key deliveries that came before their record. */
  private final Map<String, Envelope.Record> candidates = bounded();
  private final Map<String, Envelope.KeyDelivery> earlyDeliveries = bounded();

  RecordIntake(RoomContext ctx, RoomEngine engine, MemberTrust trust, Joining joining, Keying keying) {
    this.ctx = ctx;
    this.engine = engine;
    this.trust = trust;
    this.joining = joining;
    this.keying = keying;
  }

  /** A membership record: checked, then its removals learned, then it waits for its key (if it lists us). */
  void record(Envelope.Record r, boolean stillJoining) {
    String me = ctx.me();
    String hash = RoomCrypto.recordHash(r);
    boolean listsMe = r.member(me).isPresent();
    MembershipChain.Verdict verdict = ctx.chain().check(r, hash, ctx.room());
    if (verdict.standing() == MembershipChain.Standing.REFUSED) {
      engine.life().drop(verdict.reason());
      if (stillJoining && listsMe) {
        joining.refused("the " + verdict.reason());
      }
      return;
    }
    if (verdict.standing() == MembershipChain.Standing.FORK_LOST) {
      keying.healFork(r, hash);
      return;
    }
    if (!verdict.movesOn()) {
      if (verdict.standing() == MembershipChain.Standing.STALE) {
        engine.life().drop("stale membership record for epoch " + r.epoch() + " (we hold epoch " + ctx.chain().head().epoch()
            + ")");
      }
      return;
    }
    Envelope.RecordMember author = r.member(r.author()).orElseThrow();
    String charterRefused = trust.refusal(r.charter());
    if (charterRefused != null || !trust.trusted(author.name(), author.identityKey())) {
      engine.life().drop("membership record by " + r.author() + " refused"
          + (charterRefused == null ? "" : ": " + charterRefused));
      if (stillJoining && listsMe) {
        joining.refused("the room key from " + r.author() + " was refused (see the alerts above)");
      }
      return;
    }
    var invitation = ctx.rules().invitation();
    if (stillJoining && listsMe && invitation != null
        && !RoomCrypto.fingerprint(author.identityKey()).equals(invitation.inviterFingerprint())) {
      ctx.listener().alert("refused a room key from " + r.author() + " (" + RoomCrypto.fingerprint(author.identityKey())
          + "): our invitation names " + invitation.inviterFingerprint());
      return;
    }
    keying.recordSeen(r.author());
    if (!ctx.chain().held() && !listsMe && ctx.trust().roomPin(ctx.room()).isEmpty()) {
      // A newcomer of a room it never held learns nothing from records that do not let it in: under
      // trust on first use, one of the relay's making could otherwise strike real members out.
      joining.keyedMemberSeen();
      return;
    }
    List<String> newlyRemoved = r.removed().stream().filter(name -> !ctx.chain().removed(name)).toList();
    ctx.chain().learnRemovals(r);
    newlyRemoved.forEach(engine::forgetRemoved);
    if (r.removed().contains(me)) {
      engine.life().removedFromRoom(r);
      return;
    }
    if (!stillJoining) {
      newlyRemoved.forEach(name -> ctx.listener().notice(name + " was removed from the room by " + r.author()));
      if (!ctx.chain().removedButInHead().isEmpty()) {
        // its key normally follows at once; if it does not, ask for it rather than keep a shared key
        ctx.after(ctx.timing().answerStep(), engine::stillSharedWithRemoved);
      }
    }
    joining.keyedMemberSeen();
    if (!listsMe || !r.member(me).get().keyFingerprint().equals(ctx.crypto().ownKeyFingerprint())) {
      if (!stillJoining && verdict.standing() != MembershipChain.Standing.STALE) {
        ctx.listener().notice("the room's record for epoch " + r.epoch() + " (by " + r.author() + ") does not list"
            + " this client: asking to be let in again");
        engine.rejoin();
      }
      return;
    }
    candidates.put(hash, r);
    Envelope.KeyDelivery early = earlyDeliveries.remove(hash);
    if (early != null) {
      engine.onKeyDelivery(early);
    }
  }

  /** A key delivery: taken with its record, or kept a moment for a record still to come. */
  void delivery(Envelope.KeyDelivery k, boolean stillJoining) {
    String me = ctx.me();
    if (k.record().equals(ctx.chain().headHash())) {
      k.wraps().forEach(w -> keying.answered(w.to())); // someone else gave the key again
    }
    Envelope.Record r = candidates.get(k.record());
    if (r == null) {
      if ((k.wrapFor(me).isPresent() || k.carried() != null) && !k.record().equals(ctx.chain().headHash())) {
        earlyDeliveries.put(k.record(), k); // its record may still come
      }
      return;
    }
    if (stillJoining || r.subjects().contains(me)) {
      learnPublicKeys(r, k.publicKeys()); // (for the members it lets in; the others know them from announces)
    }
    Envelope.Wrap mine = k.wrapFor(me).orElse(null);
    boolean carried = mine == null && k.carried() != null && !stillJoining && "join".equals(r.change())
        && r.epoch() == ctx.keys().epoch() + 1 && ctx.chain().headHash().equals(r.previous());
    if (mine == null && !carried) {
      return;
    }
    RoomKey key;
    try {
      key = carried ? ctx.crypto().openCarried(ctx.keys().current(), k.carried()) : ctx.crypto().unwrap(mine.wrappedKey(), k.epoch());
    } catch (RoomCrypto.Unusable e) {
      engine.life().unusableKey("the room key sent by " + k.from() + " could not be unwrapped with our private"
          + " key (" + e.getMessage() + ")", "unusable key delivery from " + k.from());
      return;
    }
    if (!ctx.crypto().committed(key, r)) {
      engine.life().unusableKey("the room key sent by " + k.from() + " does not match the signed record it came"
          + " with", "key delivery that does not match its record");
      return;
    }
    MembershipChain.Verdict now = ctx.chain().place(r, k.record()); // the head may have moved since the record came
    candidates.remove(k.record());
    if (!now.movesOn()) {
      return;
    }
    if (now.standing() == MembershipChain.Standing.FORK_WON) {
      ctx.listener().notice("two records were made for epoch " + r.epoch() + " at once; every member moves to the one"
          + " by " + r.author());
    }
    engine.life().adopt(r, k.record(), key, false, k.from());
  }

  private void learnPublicKeys(Envelope.Record r, List<Envelope.MemberKey> publicKeys) {
    for (Envelope.MemberKey k : publicKeys) {
      Envelope.RecordMember listed = r.member(k.name()).orElse(null);
      if (listed != null && !k.name().equals(ctx.me())
          && listed.keyFingerprint().equals(RoomCrypto.fingerprint(k.publicKey()))
          && trust.trusted(k.name(), listed.identityKey())) {
        ctx.roster().keys(k.name(), k.publicKey(), listed.identityKey());
      }
    }
  }

  private static <K, V> Map<K, V> bounded() {
    return new java.util.LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > PENDING_LIMIT;
      }
    };
  }
}
