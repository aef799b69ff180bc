package chat.client.session;

import chat.client.crypto.RoomKey;
import chat.client.protocol.Envelope;
import chat.client.protocol.MemberPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes this member's membership records and the key deliveries that go with them: a new room key,
 * the record committing to it, signed, and the key wrapped for every member whose RSA key we hold,
 * split into parts that each stay well under the relay's frame limit.
 */
final class RecordMaker {

  /** Characters of wrapped and public keys per delivery part: a part stays near 40 KB, the limit is 60 KiB. */
  static final int PART_CHARS = 40_000;

  /** A record, its room key, and the delivery parts to send after it. */
  record Made(Envelope.Record record, String hash, RoomKey key, List<Envelope.KeyDelivery> deliveries) {}

  private final String room;
  private final String me;
  private final RoomCrypto crypto;

  RecordMaker(String room, String me, RoomCrypto crypto) {
    this.room = room;
    this.me = me;
    this.crypto = crypto;
  }

  /**
   * @param publicKeys the RSA keys (base64 DER) we hold, by member name
   * @param welcomed members this record lets in: they are also sent every member's RSA key
   * @param carryUnder for a record that only lets members in, the current key: the others get the new
   *     one under it instead of an RSA wrap each; null for any other record
   */
  Made make(long epoch, String previous, Envelope.Charter charter, List<Envelope.RecordMember> members,
      List<String> removed, String change, List<String> subjects, Map<String, MemberPublicKey> publicKeys, List<String> welcomed,
      RoomKey carryUnder) {
    RoomKey key = crypto.newRoomKey();
    Envelope.Record unsigned = new Envelope.Record(room, epoch, previous, charter, members, removed, change, subjects,
        crypto.commitment(key, epoch), me, null);
    Envelope.Record record = crypto.signed(unsigned);
    String hash = RoomCrypto.recordHash(record);
    // The members let in come first, in parts of their own: in a large room they are the ones
    // waiting, and the others (who already have a key to talk with) can take theirs a moment later.
    List<Envelope.Wrap> welcomedWraps = new ArrayList<>();
    List<Envelope.Wrap> otherWraps = new ArrayList<>();
    for (Envelope.RecordMember m : members) {
      MemberPublicKey publicKey = publicKeys.get(m.name());
      if (!m.name().equals(me) && publicKey != null && (carryUnder == null || welcomed.contains(m.name()))) {
        wrap(key, m, publicKey, epoch).ifPresent((welcomed.contains(m.name()) ? welcomedWraps : otherWraps)::add);
      }
    }
    List<Envelope.MemberKey> keys = new ArrayList<>();
    if (!welcomed.isEmpty()) {
      members.stream().filter(m -> publicKeys.containsKey(m.name()))
          .forEach(m -> keys.add(new Envelope.MemberKey(m.name(), publicKeys.get(m.name()))));
    }
    List<Envelope.KeyDelivery> deliveries = new ArrayList<>(parts(epoch, hash, welcomedWraps, keys));
    deliveries.addAll(parts(epoch, hash, otherWraps, List.of()));
    if (carryUnder != null) {
      deliveries.add(new Envelope.KeyDelivery(room, me, epoch, hash, List.of(), List.of(),
          crypto.carry(key, carryUnder)));
    }
    return new Made(record, hash, key, deliveries);
  }

  /** The key of a record we hold, again, for members of it who missed it. */
  List<Envelope.KeyDelivery> again(Envelope.Record record, String hash, RoomKey key, List<Envelope.RecordMember> to,
      Map<String, MemberPublicKey> publicKeys) {
    List<Envelope.Wrap> wraps = new ArrayList<>();
    for (Envelope.RecordMember m : to) {
      MemberPublicKey publicKey = publicKeys.get(m.name());
      if (publicKey != null) {
        wrap(key, m, publicKey, record.epoch()).ifPresent(wraps::add);
      }
    }
    List<Envelope.MemberKey> keys = record.members().stream().filter(m -> publicKeys.containsKey(m.name()))
        .map(m -> new Envelope.MemberKey(m.name(), publicKeys.get(m.name()))).toList();
    return parts(record.epoch(), hash, wraps, keys);
  }

  /** The wrap, if the key we hold is the one the record names (a member that rejoined has a new one). */
  private java.util.Optional<Envelope.Wrap> wrap(RoomKey key, Envelope.RecordMember m, MemberPublicKey publicKey,
      long epoch) {
    return crypto.wrapFor(key, publicKey, m.keyFingerprint(), epoch).map(wrapped -> new Envelope.Wrap(m.name(), wrapped));
  }

  private List<Envelope.KeyDelivery> parts(long epoch, String hash, List<Envelope.Wrap> wraps,
      List<Envelope.MemberKey> keys) {
    List<Envelope.KeyDelivery> parts = new ArrayList<>();
    List<Envelope.Wrap> partWraps = new ArrayList<>();
    List<Envelope.MemberKey> partKeys = new ArrayList<>();
    int chars = 0;
    for (Envelope.Wrap w : wraps) {
      if (chars + w.wrappedKey().text().length() > PART_CHARS) {
        parts.add(new Envelope.KeyDelivery(room, me, epoch, hash, partWraps, partKeys));
        partWraps = new ArrayList<>();
        chars = 0;
      }
      partWraps.add(w);
      chars += w.wrappedKey().text().length() + 64;
    }
    for (Envelope.MemberKey k : keys) {
      if (chars + k.publicKey().text().length() > PART_CHARS) {
        parts.add(new Envelope.KeyDelivery(room, me, epoch, hash, partWraps, partKeys));
        partWraps = new ArrayList<>();
        partKeys = new ArrayList<>();
        chars = 0;
      }
      partKeys.add(k);
      chars += k.publicKey().text().length() + 64;
    }
    if (!partWraps.isEmpty() || !partKeys.isEmpty()) {
      parts.add(new Envelope.KeyDelivery(room, me, epoch, hash, partWraps, partKeys));
    }
    return parts;
  }
}
