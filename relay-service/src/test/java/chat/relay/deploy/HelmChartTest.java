package chat.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Helm chart under helm/relay, through real Helm (helm-java): lint, render, refuse. */
class HelmChartTest {

  static final Path CHART = Path.of("..", "helm", "relay");

  /**
   * A user builds the image with the tag the docs give and pushes it; the chart must pull that
   * tag by default, or the pod cannot start. All three are the project version.
   */
  @Test
  void theImageTagTheDocsBuild_isTheChartsDefaultTag() throws Exception {
    String tag = "e2e-chat-relay:" + projectVersion();
    assertThat(get(firstContainer(only(render(t -> t), "Deployment")), "image")).isEqualTo(tag);
    for (String doc : List.of("README.md", "docker/README.md", "docker/Dockerfile")) {
      String text = java.nio.file.Files.readString(Path.of("..").resolve(doc));
      java.util.regex.Matcher built = java.util.regex.Pattern.compile("build -f docker/Dockerfile[^\\n]*?-t (\\S+)")
          .matcher(text);
      assertThat(built.find()).as(doc + " names the image it builds").isTrue();
      assertThat(built.group(1)).as(doc).isEqualTo(tag);
    }
  }

  @Test
  void notes_giveCommandsThatCanRun() {
    String notes = new Helm(CHART).install().withName("chat").dryRun().clientOnly().call().getOutput();
    assertThat(notes).contains("port-forward svc/chat-relay 5535:5535 &").contains("curl -s 127.0.0.1:5535/actuator/health")
        .doesNotContain("5535 && curl");
  }

  private static String projectVersion() {
    String version = System.getProperty("project.version");
    assertThat(version).as("surefire passes project.version").isNotBlank();
    return version;
  }

  @Test
  void chart_lintsCleanInStrictMode() {
    LintResult lint = new Helm(CHART).lint().strict().quiet().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void defaults_renderOneHardenedReplicaWithProbesServiceConfigSecretAndPdb() {
    List<Map<String, Object>> objects = render(t -> t);
    assertThat(kinds(objects)).containsExactlyInAnyOrder("ConfigMap", "Secret", "Service", "Deployment",
        "PodDisruptionBudget");

    Map<String, Object> deployment = only(objects, "Deployment");
    assertThat(get(deployment, "metadata.name")).isEqualTo("chat-relay");
    assertThat(get(deployment, "spec.replicas")).isEqualTo(1);
    Map<String, Object> pod = getMap(deployment, "spec.template.spec");
    assertThat(get(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
    assertThat(get(pod, "terminationGracePeriodSeconds")).isEqualTo(30);
    Map<String, Object> container = firstContainer(deployment);
    assertThat(container.get("image")).isEqualTo("e2e-chat-relay:" + projectVersion());
    assertThat(get(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
    assertThat(get(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
    assertThat(get(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
    assertThat(get(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
    assertThat(get(container, "ports").toString()).contains("containerPort=5535");
    assertThat(get(container, "resources.limits.memory")).isEqualTo("1Gi");

    Map<String, Object> config = only(objects, "ConfigMap");
    assertThat(get(config, "data.SERVER_ADDRESS")).isEqualTo("0.0.0.0");
    assertThat(get(config, "data.RELAY_BROKER_MODE")).isEqualTo("simple");
    assertThat(get(config, "data.RELAY_ANNOUNCE_LIMITS")).isEqualTo("true");
    assertThat(getMap(config, "data")).doesNotContainKey("RELAY_BROKER_HOST");
    assertThat(get(only(objects, "Service"), "spec.ports").toString()).contains("port=5535");
  }

  @Test
  void rabbitMqModeWithThreeReplicas_rendersBrokerSettingsSecretsAndPdb() {
    List<Map<String, Object>> objects = render(t -> t.set("replicaCount", 3).set("broker.mode", "rabbitmq")
        .set("broker.host", "rabbitmq.chat.svc").set("broker.clientPasscode", "s3cret"));
    Map<String, Object> deployment = only(objects, "Deployment");
    assertThat(get(deployment, "spec.replicas")).isEqualTo(3);
    Map<String, Object> config = only(objects, "ConfigMap");
    assertThat(get(config, "data.RELAY_BROKER_MODE")).isEqualTo("rabbitmq");
    assertThat(get(config, "data.RELAY_BROKER_HOST")).isEqualTo("rabbitmq.chat.svc");
    assertThat(get(config, "data.RELAY_BROKER_PORT")).isEqualTo("61613");
    assertThat(get(config, "data.RELAY_BROKER_VIRTUAL_HOST")).isEqualTo("/");
    assertThat(config.toString()).doesNotContain("s3cret");
    assertThat(get(only(objects, "Secret"), "stringData.broker-client-passcode")).isEqualTo("s3cret");
    assertThat(firstContainer(deployment).get("env").toString())
        .contains("RELAY_BROKER_CLIENT_PASSCODE", "RELAY_BROKER_SYSTEM_PASSCODE");
    assertThat(get(only(objects, "PodDisruptionBudget"), "spec.maxUnavailable")).isEqualTo(1);
  }

  @Test
  void optionalObjects_ingressHpaAndServiceMonitor_renderWhenEnabled() {
    List<Map<String, Object>> objects = render(t -> t.set("broker.mode", "rabbitmq").set("autoscaling.enabled", true)
        .set("ingress.enabled", true).set("ingress.host", "chat.example.org").set("ingress.tlsSecretName", "chat-tls")
        .set("serviceMonitor.enabled", true));
    assertThat(kinds(objects)).contains("Ingress", "HorizontalPodAutoscaler", "ServiceMonitor");
    Map<String, Object> ingress = only(objects, "Ingress");
    assertThat(get(ingress, "metadata.annotations.nginx.ingress.kubernetes.io/proxy-read-timeout")).isEqualTo("3600");
    assertThat(get(ingress, "spec.rules").toString()).contains("chat.example.org", "/chat");
    assertThat(get(only(objects, "ServiceMonitor"), "spec.endpoints").toString()).contains("/actuator/prometheus");
    assertThat(getMap(only(objects, "Deployment"), "spec")).doesNotContainKey("replicas");
  }

  @Test
  void aKeyStoreSecret_makesTheRelayServeWss_withItsPasswordFromTheSecret_andHttpsProbes() {
    Map<String, Object> deployment = only(render(t -> t.set("tls.keyStoreSecret", "relay-keystore")), "Deployment");
    String container = get(deployment, "spec.template.spec.containers").toString();
    assertThat(container).contains("SERVER_SSL_ENABLED", "file:/etc/relay-tls/keystore.p12", "keystore-password",
        "relay-keystore", "scheme=HTTPS");
    assertThat(get(deployment, "spec.template.spec.volumes").toString()).contains("secretName=relay-keystore");
    String plain = get(only(render(t -> t), "Deployment"), "spec.template.spec.containers").toString();
    assertThat(plain).doesNotContain("SERVER_SSL_ENABLED").contains("scheme=HTTP").doesNotContain("HTTPS");
  }

  @Test
  void moreThanOneReplicaWithTheInProcessBroker_failsWithAClearMessage() {
    assertThatThrownBy(() -> render(t -> t.set("replicaCount", 2)))
        .hasMessageContaining("the in-process broker cannot be shared between replicas")
        .hasMessageContaining("broker.mode=rabbitmq");
    assertThatThrownBy(() -> render(t -> t.set("autoscaling.enabled", true)))
        .hasMessageContaining("autoscaling.enabled needs broker.mode=rabbitmq");
  }

  @Test
  void valuesOfTheWrongTypeOrOutOfRange_failTheSchema() {
    assertThatThrownBy(() -> render(t -> t.set("replicaCount", "three"))).hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> render(t -> t.set("broker.mode", "kafka"))).hasMessageContaining("broker.mode");
    assertThatThrownBy(() -> render(t -> t.set("service.port", 70000))).hasMessageContaining("service.port");
    assertThatThrownBy(() -> render(t -> t.set("relay.sendTimeLimit", "soon"))).hasMessageContaining("sendTimeLimit");
  }

  // --- helpers ------------------------------------------------------------------------------

  static List<Map<String, Object>> render(UnaryOperator<TemplateCommand> values) {
    String yaml = values.apply(new Helm(CHART).template().withName("chat").withNamespace("chat")).call();
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object doc : new Yaml().loadAll(yaml)) {
      if (doc instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        objects.add(object);
      }
    }
    return objects;
  }

  static List<String> kinds(List<Map<String, Object>> objects) {
    return objects.stream().map(o -> (String) o.get("kind")).toList();
  }

  static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
    List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> firstContainer(Map<String, Object> deployment) {
    return ((List<Map<String, Object>>) get(deployment, "spec.template.spec.containers")).get(0);
  }

  /** Walks a dotted path; a key that itself contains dots (annotations) is matched whole first. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> getMap(Map<String, Object> root, String path) {
    return (Map<String, Object>) get(root, path);
  }

  @SuppressWarnings("unchecked")
  static Object get(Map<String, Object> root, String path) {
    Object node = root;
    String rest = path;
    while (!rest.isEmpty()) {
      Map<String, Object> map = (Map<String, Object>) node;
      if (map.containsKey(rest)) {
        return map.get(rest);
      }
      int dot = rest.indexOf('.');
      String key = dot < 0 ? rest : rest.substring(0, dot);
      assertThat(map).as(path).containsKey(key);
      node = map.get(key);
      rest = dot < 0 ? "" : rest.substring(dot + 1);
    }
    return node;
  }
}
