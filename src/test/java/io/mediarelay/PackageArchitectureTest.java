package io.mediarelay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure: {@code runtime} wires the domains together and depends on them, never the reverse; the
 * connectors share support through {@code connector}, the domains reach flow ids and configuration through the
 * neutral {@code flow}, {@code common} and {@code config} packages.
 */
class PackageArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.mediarelay");
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("io.mediarelay.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noPackageCyclesAtAll() {
        // every package, sub-packages included
        slices().matching("io.mediarelay.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void domainNeverImportsRuntime() {
        noClasses().that().resideOutsideOfPackage("io.mediarelay.runtime..")
                .should().dependOnClassesThat().resideInAPackage("io.mediarelay.runtime..")
                .because("runtime depends on the domains, never the reverse")
                .check(classes);
    }

    /**
     * What the class files cannot show: a compile-time constant is inlined, so a domain class using a runtime
     * constant by its full name had no dependency in its bytecode (PhotoShelterChangesConsumer did).
     */
    @Test
    void noDomainSourceNamesRuntime() throws java.io.IOException {
        java.nio.file.Path main = java.nio.file.Path.of("src/main/java/io/mediarelay");
        try (var files = java.nio.file.Files.walk(main)) {
            java.util.List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.startsWith(main.resolve("runtime")))
                    .filter(f -> {
                        try {
                            return java.nio.file.Files.readString(f).contains("io.mediarelay.runtime.");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(java.nio.file.Path::toString).toList();
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), offenders);
        }
    }

    @Test
    void photoshelterDoesNotReachIntoTheGettyComponent() {
        noClasses().that().resideInAPackage("io.mediarelay.photoshelter..")
                .should().dependOnClassesThat().resideInAPackage("io.mediarelay.getty..")
                .because("shared connector support lives in io.mediarelay.connector")
                .check(classes);
    }
}
