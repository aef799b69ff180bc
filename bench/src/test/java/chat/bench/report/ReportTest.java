package chat.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

  @TempDir
  Path run;

  @Test
  void tableHoldsMediansAndRatios_verdictsFollowTheTargets_andTheChartIsAPng() throws Exception {
    List<String> lines = new ArrayList<>();
    double[][] fanOut = {{50_000, 90_000, 60_000}, {20_000, 10_000, 15_000}, {55_000, 70_000, 65_000}};
    String[] targets = {"relay", "rabbitmq-web-stomp", "spring-bare"};
    for (int t = 0; t < 3; t++) {
      for (int rep = 0; rep < 3; rep++) {
        lines.add(String.format(java.util.Locale.ROOT,
            "{\"scenario\":\"fan-out\",\"rep\":%d,\"target\":\"%s\",\"deliveriesPerSecond\":%.1f,\"sentPerSecond\":1,"
                + "\"p50Ms\":1,\"p90Ms\":2,\"p99Ms\":3,\"maxMs\":4,\"lost\":0}", rep + 1, targets[t], fanOut[t][rep]));
      }
      for (int load : new int[] {5000, 10000, 20000}) {
        lines.add(String.format(java.util.Locale.ROOT,
            "{\"scenario\":\"sweep\",\"rep\":1,\"offered\":%d,\"target\":\"%s\",\"p50Ms\":%.2f,\"p99Ms\":%.2f,"
                + "\"deliveriesPerSecond\":%d}", load, targets[t], 1.0 + t + load / 10000.0, 5.0 + t + load / 5000.0, load));
      }
    }
    lines.add("{\"scenario\":\"idle\",\"rep\":1,\"heapBeforeBytes\":1000000,\"heapAfterBytes\":348680000,"
        + "\"rssBeforeKb\":200000,\"rssAfterKb\":800000,\"target\":\"relay\",\"sessionsOpened\":10000,\"sessionsWanted\":10000}");
    Files.write(run.resolve("results.jsonl"), lines);

    new Report(run).write();

    String md = Files.readString(run.resolve("RESULTS.md"));
    // medians: relay 60,000; RabbitMQ 15,000 (4.0x); bare Spring 65,000 (0.92x): missed
    assertThat(md).contains("| relay | 3 | 60,000 |").contains("| rabbitmq-web-stomp | 3 | 15,000 |");
    assertThat(md).contains("missed: fan-out 60,000 deliveries/s = 4.0x RabbitMQ Web-STOMP (15,000; target 4x) and 0.92x bare Spring"
        + " (65,000; target 1.5x); relay lost 0 and reordered 0 over every run (target 0)");
    // (348,680,000 - 1,000,000) / 10,000 / 1024 = 33.95 KiB per session; RSS 60 KiB
    assertThat(md).contains("met: idle: relay held 10,000 of 10,000 sessions at 34.0 KiB of heap each");
    BufferedImage chart = ImageIO.read(run.resolve("latency.png").toFile());
    assertThat(chart.getWidth()).isEqualTo(900);
    assertThat(chart.getHeight()).isEqualTo(560);
  }

  @Test
  void fanOutIsMetOnlyAboveBothRatios_andWithNothingReordered_latencyOnlyBelowBothPeers() throws Exception {
    String[] targets = {"relay", "rabbitmq-web-stomp", "spring-bare"};
    double[] perSecond = {100_000, 20_000, 60_000}; // 5x and 1.67x
    double[] p99 = {7.5, 9.0, 7.4}; // not below bare Spring
    List<String> lines = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      lines.add(String.format(java.util.Locale.ROOT,
          "{\"scenario\":\"fan-out\",\"rep\":1,\"target\":\"%s\",\"deliveriesPerSecond\":%.1f,\"lost\":0,\"reordered\":0}",
          targets[t], perSecond[t]));
      lines.add(String.format(java.util.Locale.ROOT,
          "{\"scenario\":\"latency-100\",\"rep\":1,\"target\":\"%s\",\"p99Ms\":%.2f}", targets[t], p99[t]));
      lines.add(String.format(java.util.Locale.ROOT,
          "{\"scenario\":\"many-rooms\",\"rep\":1,\"target\":\"%s\",\"p99Ms\":%.2f}", targets[t], new double[] {2.0, 2.5, 2.0}[t]));
    }
    Files.write(run.resolve("results.jsonl"), lines);
    new Report(run).write();
    String md = Files.readString(run.resolve("RESULTS.md"));
    assertThat(md).contains("met: fan-out 100,000 deliveries/s = 5.0x RabbitMQ Web-STOMP (20,000; target 4x) and 1.67x bare Spring");
    assertThat(md).contains("missed: p99 at 100 msg/s x 100: relay 7.50 ms (target below both peers: RabbitMQ 9.00 ms, bare Spring 7.40 ms)");
    // level with a peer is not below it
    assertThat(md).contains("missed: p99 with 50 rooms: relay 2.00 ms (target below both peers: RabbitMQ 2.50 ms, bare Spring 2.00 ms)");

    lines.set(0, lines.get(0).replace("\"reordered\":0", "\"reordered\":3"));
    Files.write(run.resolve("results.jsonl"), lines);
    new Report(run).write();
    assertThat(Files.readString(run.resolve("RESULTS.md"))).contains("missed: fan-out 100,000 deliveries/s")
        .contains("relay lost 0 and reordered 3 over every run");
  }

  @Test
  void mediansOfEvenAndOddCounts() {
    assertThat(Results.median(new double[] {3, 1, 2}).getAsDouble()).isEqualTo(2);
    assertThat(Results.median(new double[] {4, 1, 3, 2}).getAsDouble()).isEqualTo(2.5);
    assertThat(Results.median(new double[0])).isEmpty();
  }
}
