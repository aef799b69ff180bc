package chat.client;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import chat.client.session.RoomSession;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The client's package rules, kept by the build: no cycles; crypto knows nothing of the network or
 * the command line; the session and protocol never touch a socket; and the command line reaches
 * the library only through its facade ({@link ChatClient}, {@link ChatOptions}, {@link MemberView}
 * and the other types in {@code chat.client} itself), so the library can change beneath it. In the
 * session, {@code RoomCrypto} is the one class that does cryptography: the others hold room keys and
 * invitations as opaque values and read only their names.
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

  /** What a session class other than RoomCrypto may read of a crypto value: its name, never its bytes. */
  static final Set<String> VALUE_NAMES = Set.of("RoomKey.id", "Invitation.id", "Invitation.code",
      "Invitation.inviterFingerprint");

  static final DescribedPredicate<JavaAccess<?>> CRYPTO_WORK = new DescribedPredicate<>(
      "a method or constructor of chat.client.crypto other than " + VALUE_NAMES) {
    @Override
    public boolean test(JavaAccess<?> access) {
      String owner = access.getTargetOwner().getSimpleName();
      return access.getTargetOwner().getPackageName().equals("chat.client.crypto")
          && !VALUE_NAMES.contains(owner + "." + access.getName());
    }
  };

  @Test
  void session_doesCryptographyOnlyInRoomCrypto() {
    noClasses().that().resideInAPackage("chat.client.session").and().doNotHaveSimpleName("RoomCrypto").should()
        .callCodeUnitWhere(CRYPTO_WORK).check(CLIENT);
  }

  @Test
  void session_namesCryptoPrimitivesOnlyInRoomCrypto() {
    noClasses().that().resideInAPackage("chat.client.session").and().doNotHaveSimpleName("RoomCrypto")
        .and(not(belongToAnyOf(RoomSession.class))) // (its public constructor takes the client's ChatCrypto and keys)
        .should().dependOnClassesThat(resideInAPackage("chat.client.crypto").and(not(simpleName("RoomKey")))
            .and(not(simpleName("Invitation")))).check(CLIENT);
  }
}
