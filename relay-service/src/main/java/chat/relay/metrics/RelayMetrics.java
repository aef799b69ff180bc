package chat.relay.metrics;

import chat.relay.refusal.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The relay's own meters (Prometheus names in docs/relay.md). Counts and sizes only: nothing here
 * ever sees a body.
 */
public final class RelayMetrics {

  private final Counter framesReceived;
  private final Counter framesDelivered;
  private final Counter bytesReceived;
  private final Counter bytesDelivered;
  private final Counter slowConsumersDropped;
  private final Counter presenceEvents;
  private final Map<Refusal.Reason, Counter> refusals = new EnumMap<>(Refusal.Reason.class);
  private final Counter originsRefused;
  private final Counter outboxWrites;
  private final Counter outboxFrames;

  public RelayMetrics(MeterRegistry registry, Supplier<Number> openSessions, Supplier<Number> activeRooms) {
    // Strong references: Micrometer holds gauge sources weakly, and a method reference has no other owner.
    Gauge.builder("relay.sessions.open", openSessions).strongReference(true)
        .description("STOMP sessions currently connected").register(registry);
    Gauge.builder("relay.rooms.active", activeRooms).strongReference(true)
        .description("Rooms with at least one member on this relay").register(registry);
    framesReceived = Counter.builder("relay.frames.received")
        .description("SEND frames accepted from clients").register(registry);
    framesDelivered = Counter.builder("relay.frames.delivered")
        .description("MESSAGE frames handed to subscribers").register(registry);
    bytesReceived = Counter.builder("relay.bytes.received").baseUnit("bytes")
        .description("Opaque body bytes accepted from clients").register(registry);
    bytesDelivered = Counter.builder("relay.bytes.relayed").baseUnit("bytes")
        .description("Opaque body bytes handed to subscribers").register(registry);
    slowConsumersDropped = Counter.builder("relay.slow.consumers.dropped")
        .description("Sessions closed because they did not read fast enough").register(registry);
    presenceEvents = Counter.builder("relay.presence.events")
        .description("join/leave events published to rooms").register(registry);
    outboxWrites = Counter.builder("relay.outbox.writes")
        .description("WebSocket messages written to sessions (several queued frames can share one)").register(registry);
    outboxFrames = Counter.builder("relay.outbox.frames")
        .description("STOMP frames in those messages").register(registry);
    for (Refusal.Reason reason : Refusal.Reason.values()) {
      refusals.put(reason, Counter.builder("relay.refusals").tag("reason", reason.wireName())
          .description("Frames refused with a STOMP ERROR").register(registry));
    }
    // a refused browser never gets a STOMP session, so it is counted beside the refusals, with their meter
    originsRefused = Counter.builder("relay.refusals").tag("reason", "origin-not-allowed")
        .description("Frames refused with a STOMP ERROR").register(registry);
  }

  public void received(int bodyBytes) {
    framesReceived.increment();
    bytesReceived.increment(bodyBytes);
  }

  public void delivered(int bodyBytes) {
    framesDelivered.increment();
    bytesDelivered.increment(bodyBytes);
  }

  /** One message written to a session, holding this many frames. */
  public void written(int frames) {
    outboxWrites.increment();
    outboxFrames.increment(frames);
  }

  public void refused(Refusal.Reason reason) {
    refusals.get(reason).increment();
  }

  public void originRefused() {
    originsRefused.increment();
  }

  public void slowConsumerDropped() {
    slowConsumersDropped.increment();
  }

  public void presencePublished() {
    presenceEvents.increment();
  }
}
