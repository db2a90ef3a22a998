package io.liteobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Arrays;
import java.util.List;

/**
 * Who may use which package, written by package pattern so that a module added later (the command line, the HTTP
 * server, the Spring Boot starter) is held to the rules the day it arrives. A module is named by the first package
 * under {@code io.liteobs} ({@code io.liteobs.sqlite..} is sqlite-store, {@code io.liteobs.runtime..} is
 * runtime-metrics, however it splits its packages); core owns the root package and {@link #CORE_PACKAGES}.
 */
final class ModuleBoundaries {

    static final String ROOT = "io.liteobs";

    /** Core: the API at the root, the store SPI, the in-memory store, the writer's internals and the shared helpers. */
    static final String[] CORE_PACKAGES = {ROOT, "io.liteobs.spi..", "io.liteobs.memory..", "io.liteobs.internal..",
            "io.liteobs.common.."};

    private static final List<PackageMatcher> CORE = Arrays.stream(CORE_PACKAGES).map(PackageMatcher::of).toList();

    /** The writer's machinery and core's own helpers, and the JCTools classes relocated into core's jar. */
    static final String WRITER_INTERNALS = "io.liteobs.internal..";

    /** The one internal package that core shares with LiteObs's other modules (never with applications). */
    static final String SHARED_INTERNALS = "io.liteobs.common.internal..";

    /**
     * Code that users run or copy: the examples, the command line and the HTTP server. The Spring Boot module is not
     * among them: its request filters are instrumentation, and share the request correlation of the servlet and JDK
     * filters through {@link #SHARED_INTERNALS}; the other rules still keep it from any other internals.
     */
    static final String[] USER_FACING_PACKAGES = {"io.liteobs.examples..", "io.liteobs.cli..", "io.liteobs.http.."};

    /** What core never sees, so that a store or an exporter can be swapped without touching it. */
    static final String[] SQL_JDBC_MICROMETER_HTTP = {
        "java.sql..", "javax.sql..", "org.sqlite..", "org.postgresql..", "com.zaxxer.hikari..", "io.micrometer..",
        "java.net.http..", "com.sun.net.httpserver..", "jakarta.servlet..", "javax.servlet.."};

    static final ArchRule ONLY_CORE_TOUCHES_THE_WRITERS_INTERNALS = noClasses()
            .that().resideOutsideOfPackages(CORE_PACKAGES)
            .should().dependOnClassesThat().resideInAPackage(WRITER_INTERNALS)
            .because("the writer's machinery can change in any release; other modules use the API and the SPI");

    static final ArchRule USER_FACING_CODE_IMPORTS_NO_INTERNALS = noClasses()
            .that().resideInAnyPackage(USER_FACING_PACKAGES)
            .should().dependOnClassesThat().resideInAPackage("..internal..")
            .because("user-facing code uses LiteObs as an application would, through its public API");

    static final ArchRule NO_MODULE_IMPORTS_ANOTHER_MODULES_INTERNALS = classes()
            .that().resideInAPackage("io.liteobs..")
            .should(useOnlyTheirOwnModulesInternals())
            .because("a module's internals can change in any release; only " + SHARED_INTERNALS
                    + " is shared among LiteObs's modules");

    static final ArchRule CORE_SEES_NO_SQL_JDBC_MICROMETER_OR_HTTP = noClasses()
            .that().resideInAnyPackage(CORE_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage(SQL_JDBC_MICROMETER_HTTP)
            .because("stores, registries and servers plug into core; core depends on none of them");

    private ModuleBoundaries() {
    }

    private static ArchCondition<JavaClass> useOnlyTheirOwnModulesInternals() {
        PackageMatcher internal = PackageMatcher.of("io.liteobs..internal..");
        PackageMatcher shared = PackageMatcher.of(SHARED_INTERNALS);
        return new ArchCondition<>("use only their own module's internal packages") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getPackageName();
                    if (internal.matches(target) && !shared.matches(target)
                            && !moduleOf(target).equals(moduleOf(origin.getPackageName()))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** The module of a package under io.liteobs: "core" for core's packages, else the first package below the root. */
    static String moduleOf(String packageName) {
        if (CORE.stream().anyMatch(core -> core.matches(packageName))) {
            return "core";
        }
        String rest = packageName.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
