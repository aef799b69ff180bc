package chat.relay;

import static org.assertj.core.api.Assertions.assertThat;

import chat.relay.support.Frames;
import chat.relay.support.StompTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ActuatorTest {

  @LocalServerPort
  int port;

  final HttpClient http = HttpClient.newHttpClient();

  @Test
  void healthAndProbeGroups_areUp() throws Exception {
    assertThat(get("/actuator/health")).contains("\"status\":\"UP\"");
    assertThat(get("/actuator/health/liveness")).contains("\"status\":\"UP\"");
    assertThat(get("/actuator/health/readiness")).contains("\"status\":\"UP\"");
    assertThat(get("/actuator/info")).contains("relay-service");
  }

  @Test
  void prometheus_showsTheRelayMetersMovingAfterTraffic() throws Exception {
    double receivedBefore = metric("relay_frames_received_total");
    double deliveredBefore = metric("relay_frames_delivered_total");
    double bytesBefore = metric("relay_bytes_relayed_bytes_total");
    try (var alice = StompTestClient.connected(port, "alice");
         var bob = StompTestClient.connected(port, "bob")) {
      alice.subscribeAndSettle("metrics");
      bob.subscribeAndSettle("metrics");
      alice.send("metrics", "0123456789");
      assertThat(bob.nextMatching(Frames::isChat)).isNotNull();

      assertThat(metric("relay_sessions_open")).isGreaterThanOrEqualTo(2);
      assertThat(metric("relay_rooms_active")).isGreaterThanOrEqualTo(1);
      assertThat(metric("relay_frames_received_total")).isEqualTo(receivedBefore + 1);
      assertThat(metric("relay_frames_delivered_total")).isEqualTo(deliveredBefore + 1);
      assertThat(metric("relay_bytes_relayed_bytes_total")).isEqualTo(bytesBefore + 10);
      assertThat(get("/actuator/prometheus")).contains("relay_refusals_total{reason=\"rate-limited\"}",
          "relay_slow_consumers_dropped_total");
    }
  }

  private double metric(String name) throws Exception {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
        .matcher(get("/actuator/prometheus"));
    assertThat(m.find()).as(name + " is exported").isTrue();
    return Double.parseDouble(m.group(1));
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }
}
