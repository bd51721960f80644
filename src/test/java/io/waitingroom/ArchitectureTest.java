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
