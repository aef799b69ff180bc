package chat.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import chat.client.crypto.ChatCrypto;
import chat.client.crypto.Invitation;
import chat.client.protocol.Envelope;
import chat.client.protocol.IdentityPublicKey;
import chat.client.protocol.MemberPublicKey;
import chat.client.protocol.Signature;
import org.junit.jupiter.api.Test;

/** Admission decisions on built announces: every policy's path, and what each one remembers. */
class AdmissionTest {

  final ChatCrypto crypto = ChatCrypto.createDefault();
  final Admission admission = new Admission();

  @Test
  void openRooms_andMembersAskingAgain_getARankedAnswer() {
    assertThat(decide(announce("bob", null, null), false, RoomSession.Policy.OPEN)).isEqualTo(Admission.Decision.ANSWER_RANKED);
    assertThat(decide(announce("bob", null, null), true, RoomSession.Policy.INVITE)).isEqualTo(Admission.Decision.ANSWER_RANKED);
  }

  @Test
  void approveRooms_askAPersonOnce_andTheRequestCanBeTakenOnce() {
    assertThat(decide(announce("bob", null, null), false, RoomSession.Policy.APPROVE)).isEqualTo(Admission.Decision.ASK_A_PERSON);
    assertThat(decide(announce("bob", null, null), false, RoomSession.Policy.APPROVE)).isEqualTo(Admission.Decision.ALREADY_ASKED);
    assertThat(admission.takeRequest("bob")).isTrue();
    assertThat(admission.takeRequest("bob")).isFalse();
  }

  @Test
  void inviteRooms_turnAwayTheUninvitedOnce_refuseForgedProofs_andAdmitOnePersonPerInvitation() {
    assertThat(decide(announce("eve", null, null), false, RoomSession.Policy.INVITE)).isEqualTo(Admission.Decision.TURN_AWAY);
    assertThat(decide(announce("eve", null, null), false, RoomSession.Policy.INVITE))
        .isEqualTo(Admission.Decision.ALREADY_TURNED_AWAY);

    Invitation ours = crypto.newInvitation("den", "fingerprint");
    admission.issued(ours);
    Invitation theirs = crypto.newInvitation("den", "other");
    assertThat(decide(withProof("carol", theirs), false, RoomSession.Policy.INVITE)).isEqualTo(Admission.Decision.NOT_OURS);
    assertThat(decide(announce("mallory", ours.id(), "Zm9yZ2Vk"), false, RoomSession.Policy.INVITE))
        .isEqualTo(Admission.Decision.FORGED_PROOF);
    assertThat(decide(withProof("bob", ours), false, RoomSession.Policy.INVITE)).isEqualTo(Admission.Decision.ANSWER_NOW);
    assertThat(decide(withProof("bob", ours), false, RoomSession.Policy.INVITE)).as("the same person again")
        .isEqualTo(Admission.Decision.ANSWER_NOW);
    Admission.Verdict second = admission.decide(withProof("carol", ours), false, RoomSession.Policy.INVITE);
    assertThat(second).isEqualTo(new Admission.Verdict(Admission.Decision.ALREADY_USED, "bob"));
  }

  private Admission.Decision decide(Envelope.Announce a, boolean admittedBefore, RoomSession.Policy policy) {
    Admission.Verdict verdict = admission.decide(a, admittedBefore, policy);
    admission.apply(a, verdict);
    return verdict.decision();
  }

  private static Envelope.Announce announce(String member, String invitationId, String proof) {
    return new Envelope.Announce("den", member, key("rsa-" + member, MemberPublicKey::new),
        key("identity-" + member, IdentityPublicKey::new), invitationId, proof, new Signature("c2ln"));
  }

  /** Stand-in key bytes: admission checks a proof over the keys' text, never the keys themselves. */
  private static <K> K key(String name, java.util.function.Function<String, K> type) {
    return type.apply(java.util.Base64.getEncoder().encodeToString(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private static Envelope.Announce withProof(String member, Invitation invitation) {
    return announce(member, invitation.id(), invitation.proof(member,
        key("rsa-" + member, MemberPublicKey::new).text(), key("identity-" + member, IdentityPublicKey::new).text()));
  }
}
