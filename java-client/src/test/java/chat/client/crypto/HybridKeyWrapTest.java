package chat.client.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hybrid room key delivery: it opens only for its recipient, unchanged, in its room and epoch, with both halves. */
class HybridKeyWrapTest {

  static final SecureRandom RANDOM = new SecureRandom();
  static final MemberKeys BOB = MemberKeys.generate(2048, RANDOM);
  static final MemberKeys MALLORY = MemberKeys.generate(2048, RANDOM);
  final ChatCrypto crypto = ChatCrypto.createDefault();
  final RoomKey key = crypto.newRoomKey();

  byte[] deliveryToBob() throws CryptoException {
    return crypto.wrapRoomKeyHybrid(key, BOB.publicKeyDer(), BOB.kemEncapsulationKey(), "den", 7);
  }

  @Test
  void aDelivery_opensForItsRecipient_toTheSameRoomKey() throws Exception {
    RoomKey opened = crypto.unwrapRoomKeyHybrid(BOB, deliveryToBob(), "den", 7);
    assertThat(opened.toFernetString()).isEqualTo(key.toFernetString());
    assertThat(deliveryToBob()).as("fresh secrets each time").isNotEqualTo(deliveryToBob());
  }

  @ParameterizedTest(name = "part {0}")
  @ValueSource(ints = {0, 1, 2, 3})
  void tamperingWithAnyPart_theRsaOrTheMlKemCiphertext_theNonceOrTheSealedKey_failsIt(int part) throws Exception {
    byte[][] parts = HybridKeyWrap.decode(deliveryToBob());
    parts[part][parts[part].length / 2] ^= 0x01;
    byte[] tampered = HybridKeyWrap.encode(parts);
    assertThatThrownBy(() -> crypto.unwrapRoomKeyHybrid(BOB, tampered, "den", 7)).isInstanceOf(CryptoException.class);
  }

  @Test
  void aDeliveryToAnotherRsaKey_orAnotherMlKemKey_doesNotOpen_evenWithTheOtherHalfRight() throws Exception {
    // the relay swapped one of bob's announced public keys for its own: that half is mallory's now
    byte[] rsaSwapped = crypto.wrapRoomKeyHybrid(key, MALLORY.publicKeyDer(), BOB.kemEncapsulationKey(), "den", 7);
    byte[] kemSwapped = crypto.wrapRoomKeyHybrid(key, BOB.publicKeyDer(), MALLORY.kemEncapsulationKey(), "den", 7);
    assertThatThrownBy(() -> crypto.unwrapRoomKeyHybrid(BOB, rsaSwapped, "den", 7)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> crypto.unwrapRoomKeyHybrid(BOB, kemSwapped, "den", 7)).isInstanceOf(CryptoException.class);
    // and whoever holds only one of bob's private keys cannot finish either: each half alone is not the key
    assertThatThrownBy(() -> crypto.unwrapRoomKeyHybrid(MALLORY, kemSwapped, "den", 7))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void theBothPublicKeysAreBoundIntoTheKey_soTheSameSecretsUnderOtherKeysGiveAnotherKek() {
    byte[] kemSecret = new byte[32];
    byte[] rsaSecret = new byte[32];
    byte[] ct = new byte[8];
    byte[] base = HybridKeyWrap.kek(kemSecret, rsaSecret, ct, ct, BOB.kemEncapsulationKey(), BOB.publicKeyDer(), ct);
    assertThat(HybridKeyWrap.kek(kemSecret, rsaSecret, ct, ct, MALLORY.kemEncapsulationKey(), BOB.publicKeyDer(), ct))
        .isNotEqualTo(base);
    assertThat(HybridKeyWrap.kek(kemSecret, rsaSecret, ct, ct, BOB.kemEncapsulationKey(), MALLORY.publicKeyDer(), ct))
        .isNotEqualTo(base);
    byte[] otherSecret = Arrays.copyOf(kemSecret, 32);
    otherSecret[0] = 1;
    assertThat(HybridKeyWrap.kek(otherSecret, rsaSecret, ct, ct, BOB.kemEncapsulationKey(), BOB.publicKeyDer(), ct))
        .isNotEqualTo(base);
  }

  @Test
  void aDeliveryMovedToAnotherRoomOrEpoch_doesNotOpen() throws Exception {
    byte[] delivery = deliveryToBob();
    assertThatThrownBy(() -> crypto.unwrapRoomKeyHybrid(BOB, delivery, "attic", 7)).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> crypto.unwrapRoomKeyHybrid(BOB, delivery, "den", 8)).isInstanceOf(CryptoException.class);
  }

  @Test
  void aDeliveryUnderOneHalfOnly_isRefusedBeforeAnyKeyIsTried() throws Exception {
    byte[][] parts = HybridKeyWrap.decode(deliveryToBob());
    byte[] rsaOnly = HybridKeyWrap.encode(parts[0]);
    byte[] kemWithoutRsa = HybridKeyWrap.encode(new byte[0], parts[1], parts[2], parts[3]);
    byte[] rsaWithoutKem = HybridKeyWrap.encode(parts[0], new byte[0], parts[2], parts[3]);
    byte[] plainRsa = crypto.wrapRoomKey(key, BOB.publicKeyDer()); // the original design's delivery
    for (byte[] half : new byte[][] {rsaOnly, kemWithoutRsa, rsaWithoutKem, plainRsa}) {
      assertThatThrownBy(() -> crypto.unwrapRoomKeyHybrid(BOB, half, "den", 7)).isInstanceOf(CryptoException.class)
          .hasMessageContaining("hybrid delivery");
    }
  }

  @Test
  void anAnnouncedMlKemKey_isCheckedForLengthAndModulus() {
    byte[] good = BOB.kemEncapsulationKey();
    byte[] overflow = good.clone();
    overflow[0] = (byte) 0xff; // first coefficient's low 8 bits...
    overflow[1] = (byte) 0x0f; // ...and high 4: 4095, over q = 3329
    assertThatThrownBy(() -> ChatCrypto.checkKemPublicKey(Arrays.copyOf(good, 1000))).isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> ChatCrypto.checkKemPublicKey(overflow)).isInstanceOf(CryptoException.class)
        .hasMessageContaining("modulus");
  }
}
