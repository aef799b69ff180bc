package chat.client.crypto;

/**
 * The one failure type of the crypto package. Its message names the operation that failed and
 * never the key, the plaintext or why a MAC or padding check failed in detail.
 */
public final class CryptoException extends Exception {

  public CryptoException(String operation) {
    super(operation);
  }

  public CryptoException(String operation, Throwable cause) {
    super(operation, cause);
  }
}
