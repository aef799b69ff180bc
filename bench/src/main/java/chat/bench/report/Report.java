package chat.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Turns one run's raw results into {@code RESULTS.md} (medians, ratios against the peers, the
 * targets met or missed) and {@code latency.png}. Usage: {@code Report <run directory>}.
 */
public final class Report {

  static final String RELAY = "relay";
  static final String RABBIT = "rabbitmq-web-stomp";
  static final String SPRING = "spring-bare";

  private final Results results;
  private final Path dir;
  private final StringBuilder md = new StringBuilder();
  private final List<String> verdicts = new ArrayList<>();

  Report(Path dir) throws IOException {
    this.dir = dir;
    this.results = Results.read(dir.resolve("results.jsonl"));
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : ".");
    new Report(dir).write();
    System.out.println("wrote " + dir.resolve("RESULTS.md") + " and " + dir.resolve("latency.png"));
  }

  void write() throws IOException {
    load("fan-out", "Fan-out: 1 publisher as fast as a 64-message window allows, 100 subscribers, 1 KiB");
    load("latency-100", "Latency at fixed load: 1 publisher at 100 msg/s, 100 subscribers, 1 KiB");
    load("many-rooms", "Many rooms: 50 rooms, 1 publisher at 20 msg/s and 2 subscribers each, 1 KiB");
    idle();
    joinStorm();
    fernet();
    chart();
    fanOutVerdicts();
    StringBuilder out = new StringBuilder("## Targets\n\n");
    verdicts.forEach(v -> out.append("- ").append(v).append('\n'));
    out.append('\n').append(md);
    Files.writeString(dir.resolve("RESULTS.md"), out.toString());
  }

  private void load(String scenario, String title) {
    if (results.targets(scenario).isEmpty()) {
      return;
    }
    md.append("### ").append(title).append("\n\n")
        .append("| target | runs | deliveries/s | sent/s | p50 ms | p90 ms | p99 ms | max ms | lost | reordered |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (String target : results.targets(scenario)) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.1f | %.2f | %.2f | %.2f | %.1f | %,.0f | %,.0f |%n", target,
          results.count(scenario, target), m(scenario, target, "deliveriesPerSecond"),
          m(scenario, target, "sentPerSecond"), m(scenario, target, "p50Ms"), m(scenario, target, "p90Ms"),
          m(scenario, target, "p99Ms"), m(scenario, target, "maxMs"), m(scenario, target, "lost"),
          m(scenario, target, "reordered")));
    }
    md.append('\n');
    if ("latency-100".equals(scenario) || "many-rooms".equals(scenario)) {
      double relay = m(scenario, RELAY, "p99Ms");
      double rabbit = m(scenario, RABBIT, "p99Ms");
      double spring = m(scenario, SPRING, "p99Ms");
      verdict(relay < rabbit && relay < spring, String.format(Locale.ROOT,
          "p99 %s: relay %.2f ms (target below both peers: RabbitMQ %.2f ms, bare Spring %.2f ms)",
          "latency-100".equals(scenario) ? "at 100 msg/s x 100" : "with 50 rooms", relay, rabbit, spring));
    }
  }

  /** The performance issue's fan-out target: 4x RabbitMQ, 1.5x the bare Spring app, nothing lost or reordered. */
  private void fanOutVerdicts() {
    double relay = m("fan-out", RELAY, "deliveriesPerSecond");
    double rabbit = m("fan-out", RABBIT, "deliveriesPerSecond");
    double spring = m("fan-out", SPRING, "deliveriesPerSecond");
    if (Double.isNaN(relay)) {
      return;
    }
    double lost = results.rows("fan-out", RELAY).stream().mapToDouble(r -> r.path("lost").asDouble()).sum();
    double reordered = results.rows("fan-out", RELAY).stream().mapToDouble(r -> r.path("reordered").asDouble()).sum();
    boolean met = relay >= 4 * rabbit && relay >= 1.5 * spring && lost == 0 && reordered == 0;
    verdicts.add(0, (met ? "met: " : "missed: ") + String.format(Locale.ROOT,
        "fan-out %,.0f deliveries/s = %.1fx RabbitMQ Web-STOMP (%,.0f; target 4x) and %.2fx bare Spring (%,.0f; target 1.5x);"
            + " relay lost %,.0f and reordered %,.0f over every run (target 0)",
        relay, relay / rabbit, rabbit, relay / spring, spring, lost, reordered));
  }

  private void idle() {
    String scenario = "idle";
    if (results.targets(scenario).isEmpty()) {
      return;
    }
    md.append("### Idle capacity: 10,000 sessions (CONNECT + one SUBSCRIBE each, rooms of 10)\n\n")
        .append("| target | runs | sessions held | of | heap after full GC, per session | resident memory, per session |\n")
        .append("|---|---|---|---|---|---|\n");
    for (String target : results.targets(scenario)) {
      List<JsonNode> rows = results.rows(scenario, target);
      double held = m(scenario, target, "sessionsOpened");
      OptionalDouble heap = kibPerSession(rows, "heapBeforeBytes", "heapAfterBytes", 1024);
      OptionalDouble rss = kibPerSession(rows, "rssBeforeKb", "rssAfterKb", 1);
      md.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %s | %s |%n", target, rows.size(), held,
          m(scenario, target, "sessionsWanted"), heap.isPresent() ? String.format(Locale.ROOT, "%.1f KiB", heap.getAsDouble()) : "n/a",
          rss.isPresent() ? String.format(Locale.ROOT, "%.1f KiB", rss.getAsDouble()) : "n/a"));
      if (RELAY.equals(target) && heap.isPresent()) {
        verdict(held >= 10_000 && heap.getAsDouble() <= 40, String.format(Locale.ROOT,
            "idle: relay held %,.0f of 10,000 sessions at %.1f KiB of heap each after a full GC (target <= 40 KiB); resident memory grew %.1f KiB per session",
            held, heap.getAsDouble(), rss.orElse(Double.NaN)));
      }
    }
    md.append('\n');
  }

  /** The median growth per held session; runs that did not measure (a value of -1) are left out. */
  private static OptionalDouble kibPerSession(List<JsonNode> rows, String before, String after, double unitsPerKib) {
    return Results.median(rows.stream().filter(r -> r.path(after).asLong() > 0)
        .mapToDouble(r -> (r.path(after).asDouble() - r.path(before).asDouble())
            / Math.max(1, r.path("sessionsOpened").asDouble()) / unitsPerKib).toArray());
  }

  private void joinStorm() {
    String scenario = "join-storm";
    if (results.targets(scenario).isEmpty()) {
      return;
    }
    md.append("### Join storm: 50 real clients join one room within 1 s; then 5 join the 51-member room one by one\n\n")
        .append("| runs | keyed (of 50) | all keyed, from the storm's start | join-to-key p50 | join-to-key max | late joiner, median |\n")
        .append("|---|---|---|---|---|---|\n")
        .append(String.format(Locale.ROOT, "| %d | %.0f | %,.0f ms | %,.0f ms | %,.0f ms | %.0f ms |%n%n",
            results.count(scenario, RELAY), m(scenario, RELAY, "keyed"), m(scenario, RELAY, "allKeyedMs"),
            m(scenario, RELAY, "p50JoinToKeyMs"), m(scenario, RELAY, "maxJoinToKeyMs"),
            m(scenario, RELAY, "lateJoinToKeyMedianMs")));
    double max = m(scenario, RELAY, "maxJoinToKeyMs");
    double late = m(scenario, RELAY, "lateJoinToKeyMedianMs");
    verdict(m(scenario, RELAY, "keyed") >= 50 && max <= 2000, String.format(Locale.ROOT,
        "join storm: every client keyed within %,.0f ms of joining (median of runs; target 2 s)", max));
    verdict(late < 250, String.format(Locale.ROOT, "join-to-key into a 51-member room: %.0f ms (target < 250 ms)", late));
  }

  private void fernet() throws IOException {
    Path jmh = dir.resolve("jmh.json");
    if (!Files.exists(jmh)) {
      return;
    }
    TreeMap<String, Double> java = new TreeMap<>();
    for (JsonNode b : new ObjectMapper().readTree(jmh.toFile())) {
      String name = b.path("benchmark").asText().replaceAll(".*\\.", "");
      java.put(name + "/" + b.path("params").path("size").asText(), b.path("primaryMetric").path("score").asDouble());
    }
    Results python = Results.read(dir.resolve("python.jsonl"));
    md.append("### Fernet on one thread: the client (JMH) against Python `cryptography`\n\n")
        .append("| operation | size | Java ops/s | Python ops/s (median) | ratio |\n|---|---|---|---|---|\n");
    for (var e : java.entrySet()) {
      String[] key = e.getKey().split("/");
      double py = Results.median(python.all().stream()
          .filter(r -> key[0].equals(r.path("benchmark").asText()) && key[1].equals(r.path("size").asText()))
          .mapToDouble(r -> r.path("opsPerSecond").asDouble()).toArray()).orElse(Double.NaN);
      md.append(String.format(Locale.ROOT, "| %s | %s B | %,.0f | %,.0f | %.1fx |%n", key[0], key[1], e.getValue(), py,
          e.getValue() / py));
      if ("fernetEncryptThenDecrypt".equals(key[0]) && "1024".equals(key[1])) {
        verdict(e.getValue() >= 120_000 && e.getValue() >= 15 * py, String.format(Locale.ROOT,
            "Fernet 1 KiB encrypt+decrypt: %,.0f ops/s = %.1fx Python's %,.0f (targets >= 120,000 ops/s and >= 15x)",
            e.getValue(), e.getValue() / py, py));
      }
    }
    md.append('\n');
  }

  private void chart() throws IOException {
    List<LatencyChart.Series> series = new ArrayList<>();
    for (String target : results.targets("sweep")) {
      TreeMap<Double, List<JsonNode>> byLoad = new TreeMap<>();
      results.rows("sweep", target).forEach(r -> byLoad.computeIfAbsent(r.path("offered").asDouble(), k -> new ArrayList<>()).add(r));
      List<LatencyChart.Point> points = new ArrayList<>();
      byLoad.forEach((offered, rows) -> points.add(new LatencyChart.Point(offered,
          Results.median(rows.stream().mapToDouble(r -> r.path("p50Ms").asDouble()).toArray()).orElse(0),
          Results.median(rows.stream().mapToDouble(r -> r.path("p99Ms").asDouble()).toArray()).orElse(0))));
      series.add(new LatencyChart.Series(target, points));
    }
    if (!series.isEmpty()) {
      LatencyChart.write(series, "End-to-end latency against offered load (1 publisher, 100 subscribers)",
          dir.resolve("latency.png"));
      md.append("### Latency against offered load\n\n![latency percentiles against offered load](latency.png)\n\n")
          .append("| target | offered deliveries/s | p50 ms | p99 ms | delivered/s |\n|---|---|---|---|---|\n");
      for (String target : results.targets("sweep")) {
        for (JsonNode r : results.rows("sweep", target)) {
          md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %,.0f |%n", target,
              r.path("offered").asDouble(), r.path("p50Ms").asDouble(), r.path("p99Ms").asDouble(),
              r.path("deliveriesPerSecond").asDouble()));
        }
      }
      md.append('\n');
    }
  }

  private double m(String scenario, String target, String field) {
    return results.median(scenario, target, field).orElse(Double.NaN);
  }

  private void verdict(boolean met, String text) {
    verdicts.add((met ? "met: " : "missed: ") + text);
  }
}
