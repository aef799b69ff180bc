package chat.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.IdentityKeys;
import chat.client.crypto.Purpose;
import chat.client.protocol.Envelope;
import chat.client.protocol.IdentityPublicKey;
import chat.client.protocol.Signature;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A membership record against the head, as a verdict: built records, no threads, no relay. */
class MembershipChainTest {

  static final String ROOM = "den";
  final ChatCrypto crypto = ChatCrypto.createDefault();
  final IdentityKeys alice = crypto.newIdentity();
  final IdentityKeys bob = crypto.newIdentity();
  final IdentityKeys carol = crypto.newIdentity();
  final Envelope.Charter charter = charter(alice, "alice");
  final MembershipChain chain = new MembershipChain();

  @Test
  void theFirstRecord_isTheCreatorsAlone_andTheNextMustChainToIt() {
    Envelope.Record first = record(alice, "alice", 1, null, List.of("alice"), List.of(), "create");
    assertThat(chain.check(first, RoomCrypto.recordHash(first), ROOM).standing()).isEqualTo(MembershipChain.Standing.FIRST);
    chain.advance(first, RoomCrypto.recordHash(first));
    Envelope.Record second = record(alice, "alice", 2, first, List.of("alice", "bob"), List.of(), "join");
    assertThat(chain.check(second, RoomCrypto.recordHash(second), ROOM).standing()).isEqualTo(MembershipChain.Standing.NEXT);
    assertThat(chain.check(first, RoomCrypto.recordHash(first), ROOM).standing())
        .isEqualTo(MembershipChain.Standing.DUPLICATE);

    Envelope.Record byBobAlone = record(bob, "bob", 1, null, List.of("bob"), List.of(), "create");
    assertThat(chain.check(byBobAlone, RoomCrypto.recordHash(byBobAlone), ROOM).reason())
        .contains("first record must be its creator's");
  }

  @Test
  void onlyTheCreatorRemoves_nobodyTakesARemovalBack_andAForkIsNoWayAroundIt() {
    Envelope.Record first = record(alice, "alice", 1, null, List.of("alice"), List.of(), "create");
    Envelope.Record three = record(alice, "alice", 2, first, List.of("alice", "bob", "carol"), List.of(), "join");
    chain.advance(first, RoomCrypto.recordHash(first));
    chain.advance(three, RoomCrypto.recordHash(three));

    Envelope.Record bobRemovesCarol = record(bob, "bob", 3, three, List.of("alice", "bob"), List.of("carol"), "remove");
    assertThat(verdict(bobRemovesCarol)).isEqualTo(MembershipChain.Standing.REFUSED);
    assertThat(chain.check(bobRemovesCarol, RoomCrypto.recordHash(bobRemovesCarol), ROOM).reason())
        .contains("only the room's creator removes members");

    Envelope.Record aliceRemovesCarol = record(alice, "alice", 3, three, List.of("alice", "bob"), List.of("carol"),
        "remove");
    assertThat(verdict(aliceRemovesCarol)).isEqualTo(MembershipChain.Standing.NEXT);
    chain.advance(aliceRemovesCarol, RoomCrypto.recordHash(aliceRemovesCarol));

    Envelope.Record carolBack = record(bob, "bob", 4, aliceRemovesCarol, List.of("alice", "bob", "carol"), List.of(),
        "join");
    assertThat(chain.check(carolBack, RoomCrypto.recordHash(carolBack), ROOM).reason()).contains("takes back a removal");
    Envelope.Record bobCarries = record(bob, "bob", 4, aliceRemovesCarol, List.of("alice", "bob"), List.of("carol"),
        "rekey");
    assertThat(verdict(bobCarries)).as("a member carries a removal it knows").isEqualTo(MembershipChain.Standing.NEXT);

    // the same epoch as the head, by a member, removing someone: a removal would win the tie
    Envelope.Record bobForks = record(bob, "bob", 3, three, List.of("bob"), List.of("alice", "carol"), "remove");
    assertThat(verdict(bobForks)).isEqualTo(MembershipChain.Standing.REFUSED);
  }

  @Test
  void twoRecordsForOneEpoch_theOneThatRemovesMoreWins_thenTheSmallerHash() {
    Envelope.Record first = record(alice, "alice", 1, null, List.of("alice"), List.of(), "create");
    Envelope.Record three = record(alice, "alice", 2, first, List.of("alice", "bob", "carol"), List.of(), "join");
    chain.advance(first, RoomCrypto.recordHash(first));
    chain.advance(three, RoomCrypto.recordHash(three));
    Envelope.Record bobsJoin = record(bob, "bob", 3, three, List.of("alice", "bob", "carol", "dave"), List.of(), "join");
    chain.advance(bobsJoin, RoomCrypto.recordHash(bobsJoin));

    Envelope.Record alicesRemoval = record(alice, "alice", 3, three, List.of("alice", "bob"), List.of("carol"), "remove");
    assertThat(verdict(alicesRemoval)).isEqualTo(MembershipChain.Standing.FORK_WON);

    Envelope.Record alicesJoin = record(alice, "alice", 3, three, List.of("alice", "bob", "carol", "erin"), List.of(),
        "join");
    boolean smaller = RoomCrypto.recordHash(alicesJoin).compareTo(RoomCrypto.recordHash(bobsJoin)) < 0;
    assertThat(verdict(alicesJoin)).isEqualTo(smaller ? MembershipChain.Standing.FORK_WON
        : MembershipChain.Standing.FORK_LOST);
  }

  @Test
  void aRecordWithAnyFieldAltered_failsItsSignature() {
    Envelope.Record first = record(alice, "alice", 1, null, List.of("alice"), List.of(), "create");
    chain.advance(first, RoomCrypto.recordHash(first));
    Envelope.Record honest = record(alice, "alice", 2, first, List.of("alice", "bob"), List.of(), "join");
    Envelope.Record altered = new Envelope.Record(ROOM, 2, honest.previous(), charter, honest.members(), List.of(),
        "join", List.of("eve"), honest.keyCommitment(), "alice", honest.signature());
    assertThat(chain.check(altered, RoomCrypto.recordHash(altered), ROOM).reason()).contains("bad signature");
  }

  private MembershipChain.Standing verdict(Envelope.Record r) {
    return chain.check(r, RoomCrypto.recordHash(r), ROOM).standing();
  }

  private Envelope.Record record(IdentityKeys author, String authorName, long epoch, Envelope.Record previous,
      List<String> members, List<String> removed, String change) {
    List<Envelope.RecordMember> listed = new ArrayList<>();
    for (String name : members) {
      listed.add(new Envelope.RecordMember(name, identityKey(name), "fp-" + name));
    }
    Envelope.Record unsigned = new Envelope.Record(ROOM, epoch, previous == null ? null : RoomCrypto.recordHash(previous),
        charter, listed, removed, change, List.of(), "commit-" + epoch, authorName, null);
    return unsigned.withSignature(Signature.of(crypto.sign(author, Purpose.RECORD, unsigned.signedParts())));
  }

  private IdentityPublicKey identityKey(String name) {
    IdentityKeys keys = switch (name) {
      case "alice" -> alice;
      case "bob" -> bob;
      case "carol" -> carol;
      default -> null;
    };
    return keys == null ? new IdentityPublicKey("SUQ=") : IdentityPublicKey.of(keys.publicKeyDer());
  }

  private Envelope.Charter charter(IdentityKeys creator, String name) {
    IdentityPublicKey key = IdentityPublicKey.of(creator.publicKeyDer());
    Envelope.Charter unsigned = new Envelope.Charter(ROOM, "open", name, key, null);
    return new Envelope.Charter(ROOM, "open", name, key, Signature.of(crypto.sign(creator, Purpose.CHARTER,
        unsigned.signedParts())));
  }
}
