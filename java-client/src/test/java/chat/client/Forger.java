package chat.client;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.CryptoException;
import chat.client.crypto.IdentityKeys;
import chat.client.crypto.MemberKeys;
import chat.client.crypto.Purpose;
import chat.client.crypto.RoomKey;
import chat.client.protocol.Envelope;
import chat.client.protocol.EnvelopeCodec;
import chat.client.protocol.IdentityPublicKey;
import chat.client.protocol.MemberPublicKey;
import chat.client.protocol.Signature;
import chat.client.protocol.WrappedKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * Someone with a real identity of its own (the relay, or a malicious member): it signs validly, but
 * only as itself. It makes a room of its own under its own charter and a record letting a victim in,
 * with a key delivery for it: what a relay making its own room key looks like under protocol 3.
 */
public final class Forger {

  /** The forged record and its key delivery, as frame bodies. */
  public record Forged(String record, String delivery, RoomKey key) {}

  private final ChatCrypto crypto = ChatCrypto.createDefault();
  private final EnvelopeCodec codec = new EnvelopeCodec();
  public final String name;
  public final IdentityKeys identity = crypto.newIdentity();
  public final MemberKeys rsa = MemberKeys.generate(2048, new SecureRandom());
  public final IdentityPublicKey identityKey = IdentityPublicKey.of(identity.publicKeyDer());
  public final MemberPublicKey publicKey = MemberPublicKey.of(rsa.publicKeyDer());

  public Forger(String name) {
    this.name = name;
  }

  /** A validly signed announce under {@code member}'s name, with the forger's keys. */
  public String announce(String room, String member, String invitationId, String proof) {
    Envelope.Announce unsigned = new Envelope.Announce(room, member, publicKey, identityKey, invitationId, proof, null);
    return body(new Envelope.Announce(room, member, publicKey, identityKey, invitationId, proof,
        Signature.of(crypto.sign(identity, Purpose.ANNOUNCE, unsigned.signedParts()))));
  }

  /**
   * The forger's room {@code room} (policy {@code policy}) at epoch 2, letting in the member whose
   * announce body is given, with the key wrapped for its announced RSA key; or, with
   * {@code garbage}, random bytes where the wrapped key should be.
   */
  public Forged roomFor(String room, String policy, String victimAnnounce, boolean garbage) {
    try {
      Envelope.Announce victim = (Envelope.Announce) codec.decode(victimAnnounce.getBytes(StandardCharsets.UTF_8));
      Envelope.Charter charter = charter(room, policy);
      Envelope.RecordMember self = new Envelope.RecordMember(name, identityKey, MemberKeys.fingerprint(rsa.publicKeyDer()));
      Envelope.Record first = sign(new Envelope.Record(room, 1, null, charter, List.of(self), List.of(), "create",
          List.of(name), ChatCrypto.keyCommitment(crypto.newRoomKey(), room, 1), name, null));
      byte[] victimRsa = victim.publicKey().bytes();
      RoomKey key = crypto.newRoomKey();
      Envelope.Record second = sign(new Envelope.Record(room, 2, hash(first), charter,
          List.of(self, new Envelope.RecordMember(victim.member(), victim.identityKey(), MemberKeys.fingerprint(victimRsa))),
          List.of(), "join", List.of(victim.member()), ChatCrypto.keyCommitment(key, room, 2), name, null));
      byte[] wrapped = new byte[victimRsa.length > 300 ? 384 : 256];
      if (garbage) {
        new SecureRandom().nextBytes(wrapped);
      } else {
        wrapped = crypto.wrapRoomKeyFor(key, victimRsa, room, 2); // as the victim announced itself: hybrid
      }
      Envelope.KeyDelivery delivery = new Envelope.KeyDelivery(room, name, 2, hash(second),
          List.of(new Envelope.Wrap(victim.member(), WrappedKey.of(wrapped))), List.of());
      return new Forged(body(second), body(delivery), key);
    } catch (chat.client.protocol.ProtocolException | CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record of the forger's own room that strikes {@code removed} out and lets nobody in. */
  public String removalOf(String room, String removed) {
    Envelope.Charter charter = charter(room, "open");
    Envelope.RecordMember self = new Envelope.RecordMember(name, identityKey, MemberKeys.fingerprint(rsa.publicKeyDer()));
    Envelope.Record first = sign(new Envelope.Record(room, 1, null, charter, List.of(self), List.of(), "create",
        List.of(name), ChatCrypto.keyCommitment(crypto.newRoomKey(), room, 1), name, null));
    return body(sign(new Envelope.Record(room, 2, hash(first), charter, List.of(self), List.of(removed), "remove",
        List.of(removed), ChatCrypto.keyCommitment(crypto.newRoomKey(), room, 2), name, null)));
  }

  /** The forger's own charter, signed as the protocol signs one (its key protection included). */
  private Envelope.Charter charter(String room, String policy) {
    Envelope.Charter unsigned = new Envelope.Charter(room, policy, name, identityKey, "hybrid", null);
    return new Envelope.Charter(room, policy, name, identityKey, "hybrid",
        Signature.of(crypto.sign(identity, Purpose.CHARTER, unsigned.signedParts())));
  }

  private Envelope.Record sign(Envelope.Record unsigned) {
    return unsigned.withSignature(Signature.of(crypto.sign(identity, Purpose.RECORD, unsigned.signedParts())));
  }

  /** A record's hash, as protocol 3 defines it (PROTOCOL.md): label, signed parts, then the signature. */
  public static String hash(Envelope.Record r) {
    return ChatCrypto.digest(Purpose.RECORD_HASH, r.hashedParts());
  }

  private String body(Envelope envelope) {
    return new String(codec.encode(envelope), StandardCharsets.UTF_8);
  }
}
