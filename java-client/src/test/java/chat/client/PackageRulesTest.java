package chat.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The client's package rules, kept by the build: no cycles; crypto knows nothing of the network or
 * the command line; the session and protocol never touch a socket; and the command line reaches
 * the library only through its facade ({@link ChatClient}, {@link ChatOptions}, {@link MemberView}
 * and the other types in {@code chat.client} itself), so the library can change beneath it.
 */
class PackageRulesTest {

  static final JavaClasses CLIENT = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("chat.client");

  @Test
  void packages_haveNoCycles() {
    slices().matching("chat.client.(*)..").should().beFreeOfCycles().check(CLIENT);
  }

  @Test
  void crypto_knowsNothingOfTransportOrCli() {
    noClasses().that().resideInAPackage("chat.client.crypto..").should().dependOnClassesThat()
        .resideInAnyPackage("chat.client.transport..", "chat.client.cli..", "chat.client.session..").check(CLIENT);
  }

  @Test
  void sessionAndProtocol_neverTouchSockets() {
    noClasses().that().resideInAnyPackage("chat.client.session..", "chat.client.protocol..").should()
        .dependOnClassesThat().resideInAnyPackage("chat.client.transport..", "java.net..", "org.springframework.web.socket..",
            "org.springframework.messaging..").check(CLIENT);
  }

  @Test
  void cli_reachesTheLibraryOnlyThroughItsFacade() {
    noClasses().that().resideInAPackage("chat.client.cli..").should().dependOnClassesThat()
        .resideInAnyPackage("chat.client.crypto..", "chat.client.session..", "chat.client.transport..",
            "chat.client.protocol..", "chat.client.trust..").check(CLIENT);
  }
}
