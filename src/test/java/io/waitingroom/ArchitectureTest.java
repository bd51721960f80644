package io.waitingroom;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house rules: features are top-level packages with no cycles between them; {@code common}
 * holds only what every feature uses; the queue's kernel knows none of its use cases; the queue
 * knows nothing of booking; other features reach the queue only through its small public types.
 */
@AnalyzeClasses(packages = "io.waitingroom", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FEATURES = {
            "io.waitingroom.queue..", "io.waitingroom.concert..", "io.waitingroom.reservation..",
            "io.waitingroom.payment..", "io.waitingroom.point..", "io.waitingroom.identity..",
            "io.waitingroom.production.."};

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles =
            slices().matching("io.waitingroom.(*)..").should().beFreeOfCycles();

    /** Inside the queue: its use cases (entry, position, admission, operator, numbers, token, warmup) form no cycle... */
    @ArchTest
    static final ArchRule queueUseCasesAreFreeOfCycles =
            slices().matching("io.waitingroom.queue.(*)..").should().beFreeOfCycles();

    /** ...and the queue's own kernel (settings, the line in Redis, its scripts and snapshots) knows none of them. */
    @ArchTest
    static final ArchRule theQueueKernelKnowsNoUseCase =
            noClasses().that().resideInAPackage("io.waitingroom.queue")
                    .should().dependOnClassesThat().resideInAnyPackage("io.waitingroom.queue.*..");

    /**
     * {@code common} is a kernel, not a drawer: problem codes and answers, locks, metrics, web
     * deadlines, the embedded defaults, the Redis clients' configuration and how a statement that may
     * wait for a row lock is run (db: holds, payments and charges all need it). A new room there must
     * be one every feature needs, named here on purpose.
     */
    @ArchTest
    static final ArchRule theSharedKernelHoldsOnlyWhatEveryFeatureUses =
            classes().that().resideInAPackage("io.waitingroom.common..")
                    .should().resideInAnyPackage("io.waitingroom.common.problem", "io.waitingroom.common.lock",
                            "io.waitingroom.common.metrics", "io.waitingroom.common.web",
                            "io.waitingroom.common.embedded", "io.waitingroom.common.config", "io.waitingroom.common.db");

    @ArchTest
    static final ArchRule theSharedKernelDependsOnNoFeature =
            noClasses().that().resideInAPackage("io.waitingroom.common..")
                    .should().dependOnClassesThat().resideInAnyPackage(FEATURES);

    /** Who the caller is comes before every feature and knows none of them. */
    @ArchTest
    static final ArchRule identityKnowsNoOtherFeature =
            noClasses().that().resideInAPackage("io.waitingroom.identity..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "io.waitingroom.queue..", "io.waitingroom.concert..", "io.waitingroom.reservation..",
                            "io.waitingroom.payment..", "io.waitingroom.point..");

    /** Production mode reads settings only: it knows the identity modes and the embedded defaults, no feature's code. */
    @ArchTest
    static final ArchRule productionModeKnowsNoFeatureButIdentity =
            noClasses().that().resideInAPackage("io.waitingroom.production..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "io.waitingroom.queue..", "io.waitingroom.concert..", "io.waitingroom.reservation..",
                            "io.waitingroom.payment..", "io.waitingroom.point..");

    @ArchTest
    static final ArchRule theQueueKnowsNothingOfBooking =
            noClasses().that().resideInAPackage("io.waitingroom.queue..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "io.waitingroom.concert..", "io.waitingroom.reservation..",
                            "io.waitingroom.payment..", "io.waitingroom.point..");

    /**
     * The booking side asks the queue for a pass check, names the concerts it may queue for and
     * tells it how seats change hands (the counts the line follows); nothing else.
     */
    @ArchTest
    static final ArchRule otherFeaturesReachTheQueueOnlyThroughItsPublicTypes =
            classes().that().resideInAPackage("io.waitingroom.queue..")
                    .and().areNotAnnotatedWith(org.springframework.boot.context.properties.ConfigurationProperties.class)
                    .should().onlyHaveDependentClassesThat().resideInAPackage("io.waitingroom.queue..")
                    .orShould().haveNameMatching("io\\.waitingroom\\.queue\\.(\\w+\\.)?(ActiveTokenGuard|QueueToken|QueueableConcerts|SeatInventory)(\\$.*)?");
}
