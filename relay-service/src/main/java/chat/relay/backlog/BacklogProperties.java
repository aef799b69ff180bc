package chat.relay.backlog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much ciphertext the relay keeps per room so a client that reconnects can catch up
 * (docs/RELIABILITY.md): the last {@code messages} frames, none older than {@code age}, at most
 * {@code bytes} of bodies per room, and {@code totalBytes} for all rooms together (past it, new frames
 * are not kept, and a member catching up is told of the gap). {@code messages: 0} turns the backlog off.
 */
@ConfigurationProperties("relay.backlog")
public record BacklogProperties(@DefaultValue("200") int messages, @DefaultValue("10m") Duration age,
    @DefaultValue("1048576") int bytes, @DefaultValue("67108864") long totalBytes) {

  public BacklogProperties {
    if (messages < 0 || bytes < 0 || totalBytes < 0 || age == null || age.isNegative()) {
      throw new IllegalArgumentException("relay.backlog.messages, .bytes, .total-bytes and .age must not be negative");
    }
  }
}
