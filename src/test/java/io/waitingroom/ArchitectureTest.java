package io.waitingroom;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.waitingroom", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles =
            slices().matching("io.waitingroom.(*)..").should().beFreeOfCycles();

    /** Inside the queue: its use cases (entry, position, admission, operator, token) form no cycle... */
    @ArchTest
    static final ArchRule queueUseCasesAreFreeOfCycles =
            slices().matching("io.waitingroom.queue.(*)..").should().beFreeOfCycles();

    /** ...and the queue's own kernel (settings, the line in Redis) knows none of them. */
    @ArchTest
    static final ArchRule theQueueKernelKnowsNoUseCase =
            noClasses().that().resideInAPackage("io.waitingroom.queue")
                    .should().dependOnClassesThat().resideInAnyPackage("io.waitingroom.queue.*..");

    @ArchTest
    static final ArchRule theSharedKernelDependsOnNoFeature =
            noClasses().that().resideInAPackage("io.waitingroom.common..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "io.waitingroom.queue..", "io.waitingroom.concert..", "io.waitingroom.reservation..",
                            "io.waitingroom.payment..", "io.waitingroom.point..");

    @ArchTest
    static final ArchRule theQueueKnowsNothingOfBooking =
            noClasses().that().resideInAPackage("io.waitingroom.queue..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            "io.waitingroom.concert..", "io.waitingroom.reservation..",
                            "io.waitingroom.payment..", "io.waitingroom.point..");
}
