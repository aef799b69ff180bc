package chat.client.crypto;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.Validator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.TemporalAmount;
import java.util.function.Function;

/**
 * Fernet (spec version 0x80: AES-128-CBC with PKCS7, HMAC-SHA256, base64url) through the
 * fernet-java8 library, which follows the spec and interoperates with Python's
 * {@code cryptography.fernet}. The library picks a fresh IV for every token.
 */
final class FernetCipher {

  private final SecureRandom random;
  private final Clock clock;
  private final Duration timeToLive;
  private final Duration maxClockSkew;

  FernetCipher(SecureRandom random, Clock clock, Duration timeToLive, Duration maxClockSkew) {
    this.random = random;
    this.clock = clock;
    this.timeToLive = timeToLive;
    this.maxClockSkew = maxClockSkew;
  }

  String encrypt(RoomKey key, byte[] plaintext) {
    return Token.generate(random, new Key(key.bytes()), plaintext).serialise();
  }

  /** Checks version, HMAC, then TTL and clock skew against the injected clock, then decrypts. */
  byte[] decrypt(RoomKey key, String token) throws CryptoException {
    try {
      return Token.fromString(token).validateAndDecrypt(new Key(key.bytes()), new Validator<byte[]>() {
        @Override
        public Clock getClock() {
          return clock;
        }

        @Override
        public TemporalAmount getTimeToLive() {
          return timeToLive;
        }

        @Override
        public TemporalAmount getMaxClockSkew() {
          return maxClockSkew;
        }

        @Override
        public Function<byte[], byte[]> getTransformer() {
          return bytes -> bytes;
        }
      });
    } catch (RuntimeException e) {
      // TokenValidationException, and also DateTimeException for a mangled timestamp: all unchecked.
      throw new CryptoException("fernet token rejected");
    }
  }
}
