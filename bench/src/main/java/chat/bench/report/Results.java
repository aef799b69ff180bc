package chat.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/** The JSON lines of one benchmark run (every repetition of every scenario and target). */
final class Results {

  private final List<JsonNode> rows;

  private Results(List<JsonNode> rows) {
    this.rows = rows;
  }

  static Results read(Path jsonLines) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> rows = new ArrayList<>();
    if (Files.exists(jsonLines)) {
      for (String line : Files.readAllLines(jsonLines)) {
        if (line.startsWith("{")) {
          rows.add(json.readTree(line));
        }
      }
    }
    return new Results(rows);
  }

  List<JsonNode> all() {
    return rows;
  }

  List<JsonNode> rows(String scenario, String target) {
    return rows.stream().filter(r -> scenario.equals(r.path("scenario").asText()))
        .filter(r -> target == null || target.equals(r.path("target").asText())).toList();
  }

  Set<String> targets(String scenario) {
    Set<String> targets = new LinkedHashSet<>();
    rows(scenario, null).forEach(r -> targets.add(r.path("target").asText()));
    return targets;
  }

  /** The median of a field over the repetitions of one scenario and target. */
  OptionalDouble median(String scenario, String target, String field) {
    double[] values = rows(scenario, target).stream().filter(r -> r.has(field))
        .mapToDouble(r -> r.path(field).asDouble()).toArray();
    return median(values);
  }

  static OptionalDouble median(double[] values) {
    if (values.length == 0) {
      return OptionalDouble.empty();
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return OptionalDouble.of(sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
  }

  int count(String scenario, String target) {
    return rows(scenario, target).size();
  }
}
