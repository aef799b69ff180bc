package chat.client.session;

import chat.client.protocol.Envelope;
import chat.client.protocol.IdentityPublicKey;
import chat.client.trust.TrustStore;

/**
 * Whose keys this member believes: identities by name on first use (a changed one is blocked and
 * reported until the user accepts it), and the room's charter against the pin taken the first time
 * this client held the room's key.
 */
final class MemberTrust {

  private final RoomContext ctx;

  MemberTrust(RoomContext ctx) {
    this.ctx = ctx;
  }

  /** Trust on first use by name; a changed identity is blocked and reported (once per key presented). */
  boolean trusted(String member, IdentityPublicKey identityKey) {
    if (member.equals(ctx.me())) {
      return identityKey.equals(ctx.crypto().ownIdentityKey());
    }
    TrustStore.Verdict verdict = ctx.trust().check(member, identityKey.text());
    if (verdict != TrustStore.Verdict.CHANGED) {
      return true;
    }
    Roster.Member known = ctx.roster().get(member).orElse(null);
    if (known == null || !identityKey.equals(known.changedIdentity())) {
      ctx.roster().identityChanged(member, identityKey);
      TrustStore.Entry entry = ctx.trust().get(member).orElseThrow();
      ctx.listener().identityChanged(member, entry.fingerprint(), RoomCrypto.fingerprint(identityKey), entry.verified());
    }
    return false;
  }

  /** Trust on first use for the members a record we take lists; a changed identity is reported. */
  void learn(Envelope.Record record) {
    record.members().stream().filter(m -> !m.name().equals(ctx.me())).forEach(m -> trusted(m.name(), m.identityKey()));
  }

  /** Why a charter is refused (null if it is sound, pinned and its creator trusted); the user was told of a pin clash. */
  String refusal(Envelope.Charter c) {
    if (!ctx.room().equals(c.room()) || RoomSession.Policy.fromWire(c.policy()).isEmpty()
        || !RoomCrypto.signedByItsCreator(c)) {
      return "key delivery with an invalid room charter";
    }
    TrustStore.RoomPin pin = ctx.trust().roomPin(ctx.room()).orElse(null);
    if (pin != null && (!pin.creator().equals(c.creator()) || !pin.creatorIdentityKey().equals(c.creatorIdentity().text()))) {
      ctx.listener().alert("refused a room key under a charter by " + c.creator() + " ("
          + RoomCrypto.fingerprint(c.creatorIdentity()) + "): room " + ctx.room() + " was created by " + pin.creator()
          + " (" + pin.fingerprint() + ") when you first joined it (a relay making its own room looks like this)");
      return "room charter by " + c.creator() + ", not the pinned creator";
    }
    return trusted(c.creator(), c.creatorIdentity()) ? null : "room charter by " + c.creator() + ", whose identity changed";
  }
}
