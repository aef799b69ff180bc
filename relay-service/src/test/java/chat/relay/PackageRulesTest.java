package chat.relay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The relay's package plan, kept by the build: wiring on top, then delivery, inbound, membership,
 * and below them broker, metrics, refusal and limits; nothing imports upwards, nothing imports
 * config, and the relay never touches the client or any crypto library (it is blind by design).
 */
class PackageRulesTest {

  static final JavaClasses RELAY = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("chat.relay");

  @Test
  void packages_haveNoCycles() {
    slices().matching("chat.relay.(*)..").should().beFreeOfCycles().check(RELAY);
  }

  @Test
  void packages_followTheLayers() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("application").definedBy("chat.relay")
        .layer("config").definedBy("chat.relay.config..")
        .layer("delivery").definedBy("chat.relay.delivery..")
        .layer("inbound").definedBy("chat.relay.inbound..")
        .layer("membership").definedBy("chat.relay.membership..")
        .layer("broker").definedBy("chat.relay.broker..")
        .layer("metrics").definedBy("chat.relay.metrics..")
        .layer("refusal").definedBy("chat.relay.refusal..")
        .layer("limits").definedBy("chat.relay.limits..")
        .whereLayer("config").mayOnlyBeAccessedByLayers("application")
        .whereLayer("delivery").mayOnlyBeAccessedByLayers("config")
        .whereLayer("inbound").mayOnlyBeAccessedByLayers("config", "delivery")
        .whereLayer("membership").mayOnlyBeAccessedByLayers("config", "delivery", "inbound")
        .whereLayer("broker").mayOnlyBeAccessedByLayers("config")
        .whereLayer("metrics").mayOnlyBeAccessedByLayers("config", "delivery", "inbound", "membership")
        .whereLayer("refusal").mayOnlyBeAccessedByLayers("config", "delivery", "inbound", "membership", "metrics")
        .whereLayer("limits").mayOnlyBeAccessedByLayers("config", "delivery", "inbound", "membership", "broker")
        .check(RELAY);
  }

  @Test
  void theRelay_neverUsesTheClientOrACryptoLibrary() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("chat.client..", "org.bouncycastle..",
        "javax.crypto..").check(RELAY);
  }
}
