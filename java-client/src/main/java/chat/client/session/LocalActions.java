package chat.client.session;

import chat.client.crypto.Invitation;
import chat.client.protocol.ChatContent;
import chat.client.protocol.Envelope;
import java.util.List;
import java.util.Optional;

/**
 * What the user does in a room, each action deciding first what the session's state allows (every
 * state named), then acting through keying or the conversation. Confined to the session thread.
 */
final class LocalActions {

  private final RoomContext ctx;
  private final RoomEngine engine;
  private final Keying keying;
  private final Conversation conversation;

  LocalActions(RoomContext ctx, RoomEngine engine, Keying keying, Conversation conversation) {
    this.ctx = ctx;
    this.engine = engine;
    this.keying = keying;
    this.conversation = conversation;
  }

  /** Seals, signs and sends a message; its id, or empty if no room key is held. */
  Optional<String> say(String text) {
    boolean keyed = switch (engine.state()) {
      case KEYED -> true;
      case JOINING, AWAITING_APPROVAL, REMOVED, FAILED, CLOSED -> false; // no key to write under
    };
    if (!keyed) {
      return Optional.empty();
    }
    List<String> sharedWith = ctx.chain().removedButInHead();
    if (!sharedWith.isEmpty()) {
      // The creator removed them in a record whose key has not reached us: our key is still theirs.
      ctx.listener().alert("not sent: the room key you hold is still shared with " + String.join(", ", sharedWith)
          + ", removed from the room; waiting for the new key");
      engine.rejoin();
      return Optional.empty();
    }
    return Optional.of(conversation.say(ChatContent.TEXT, null, text));
  }

  /** Sends what only {@code to} can read; its id, or IllegalStateException saying why not. */
  String direct(String to, String text) {
    boolean allowed = switch (engine.state()) {
      case JOINING, AWAITING_APPROVAL, KEYED -> true; // a direct message needs no room key
      case REMOVED, FAILED, CLOSED -> false;
    };
    if (!allowed) {
      throw new IllegalStateException("not in room " + ctx.room() + " any more");
    }
    return conversation.direct(to, ChatContent.TEXT, text);
  }

  /** An invitation code for an {@code invite} room; only this member can admit with it. */
  String invite() {
    if (!keyed()) {
      throw new IllegalStateException("not in the room yet");
    }
    Invitation invitation = ctx.crypto().newInvitation();
    ctx.admission().issued(invitation);
    return invitation.code();
  }

  /** In an {@code approve} room: turns a newcomer away, telling it so. */
  boolean refuse(String member) {
    if (!keyed() || !ctx.admission().takeRequest(member)) {
      return false;
    }
    conversation.direct(member, ChatContent.REFUSED, "");
    return true;
  }

  /** Admits a member who asked to join an {@code approve} room. */
  boolean accept(String member) {
    if (!keyed() || !ctx.admission().takeRequest(member)) {
      return false;
    }
    keying.join(member, false);
    return true;
  }

  /** The room's creator removes a member: a signed record without it, in a new epoch, at once. */
  boolean kick(String member) {
    Envelope.Record head = ctx.chain().head();
    if (!keyed() || head == null || !ctx.me().equals(head.charter().creator()) || member.equals(ctx.me())
        || ctx.chain().removed(member)) {
      return false;
    }
    keying.remove(member);
    return true;
  }

  /** The user accepted a member's new identity key: remember it and let the member in again. */
  boolean trustNewIdentity(String member) {
    Roster.Member m = ctx.roster().get(member).orElse(null);
    if (m == null || m.changedIdentity() == null) {
      return false;
    }
    ctx.trust().accept(member, m.changedIdentity().text());
    ctx.roster().acceptChangedIdentity(member);
    if (keyed() && !ctx.chain().removed(member) && m.publicKey() != null) {
      keying.join(member, true); // its entry in the record gets the new identity
    }
    return true;
  }

  List<Roster.Member> members() {
    return ctx.roster().others(ctx.me(), ctx.chain().head(), ctx.chain());
  }

  /** Only a keyed member changes the room: it holds the record every change is made against. */
  private boolean keyed() {
    return switch (engine.state()) {
      case KEYED -> true;
      case JOINING, AWAITING_APPROVAL, REMOVED, FAILED, CLOSED -> false;
    };
  }
}
