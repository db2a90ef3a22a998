package io.liteobs.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.liteobs.cli.violations.CommandThatUsesSharedInternals;
import io.liteobs.internal.violations.CoreThatSeesSqlMicrometerAndHttp;
import io.liteobs.sqlite.violations.StoreThatReachesIntoTheWriter;
import io.liteobs.spring.violations.FilterThatUsesSharedInternals;
import io.liteobs.spring.violations.StarterThatUsesRuntimeInternals;
import io.liteobs.sqlite.violations.StoreThatUsesRuntimeInternals;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each boundary rule, run against a class in the test sources that breaks it, reports the breach. */
class ModuleBoundariesCanFailTest {

    @Test
    void aStoreThatImportsTheWriter_breaksOnlyCoreTouchesTheWritersInternals() {
        assertBreaks(ModuleBoundaries.ONLY_CORE_TOUCHES_THE_WRITERS_INTERNALS, StoreThatReachesIntoTheWriter.class,
                "io.liteobs.internal.BatchWriter");
    }

    @Test
    void aCommandLineThatImportsSharedInternals_breaksUserFacingCodeImportsNoInternals() {
        assertBreaks(ModuleBoundaries.USER_FACING_CODE_IMPORTS_NO_INTERNALS, CommandThatUsesSharedInternals.class,
                "io.liteobs.common.internal.DaemonThreads");
    }

    @Test
    void aStoreThatImportsRuntimeInternals_breaksNoModuleImportsAnotherModulesInternals() {
        assertBreaks(ModuleBoundaries.NO_MODULE_IMPORTS_ANOTHER_MODULES_INTERNALS,
                StoreThatUsesRuntimeInternals.class, "io.liteobs.runtime.internal.violations.RuntimeInternal");
    }

    @Test
    void aStoreThatImportsTheWriter_breaksNoModuleImportsAnotherModulesInternals() {
        assertBreaks(ModuleBoundaries.NO_MODULE_IMPORTS_ANOTHER_MODULES_INTERNALS,
                StoreThatReachesIntoTheWriter.class, "io.liteobs.internal.BatchWriter");
    }

    @Test
    void sharedInternals_areNotAnotherModulesInternals() {
        EvaluationResult result = ModuleBoundaries.NO_MODULE_IMPORTS_ANOTHER_MODULES_INTERNALS
                .evaluate(new ClassFileImporter().importClasses(CommandThatUsesSharedInternals.class));

        assertFalse(result.hasViolation(), result.getFailureReport()::toString);
    }

    @Test
    void springInstrumentationThatUsesSharedInternals_breaksNoRule() {
        JavaClasses filter = new ClassFileImporter().importClasses(FilterThatUsesSharedInternals.class);

        for (ArchRule rule : List.of(ModuleBoundaries.USER_FACING_CODE_IMPORTS_NO_INTERNALS,
                ModuleBoundaries.NO_MODULE_IMPORTS_ANOTHER_MODULES_INTERNALS,
                ModuleBoundaries.ONLY_CORE_TOUCHES_THE_WRITERS_INTERNALS)) {
            // the user-facing rule does not look at the Spring module's classes at all
            EvaluationResult result = rule.allowEmptyShould(true).evaluate(filter);
            assertFalse(result.hasViolation(), result.getFailureReport()::toString);
        }
    }

    @Test
    void springCodeThatImportsRuntimeInternals_breaksNoModuleImportsAnotherModulesInternals() {
        assertBreaks(ModuleBoundaries.NO_MODULE_IMPORTS_ANOTHER_MODULES_INTERNALS,
                StarterThatUsesRuntimeInternals.class, "io.liteobs.runtime.internal.violations.RuntimeInternal");
    }

    @Test
    void coreThatSeesJdbcMicrometerOrHttp_breaksCoreSeesNoSqlJdbcMicrometerOrHttp() {
        assertBreaks(ModuleBoundaries.CORE_SEES_NO_SQL_JDBC_MICROMETER_OR_HTTP,
                CoreThatSeesSqlMicrometerAndHttp.class, "java.sql.Connection",
                "io.micrometer.core.instrument.MeterRegistry", "java.net.http.HttpClient",
                "com.sun.net.httpserver.HttpServer");
    }

    @Test
    void aModule_isNamedByItsFirstPackageUnderTheRoot_andCoreOwnsItsFive() {
        assertEquals("runtime", ModuleBoundaries.moduleOf("io.liteobs.runtime.host"));
        assertEquals("runtime", ModuleBoundaries.moduleOf("io.liteobs.runtime.internal"));
        assertEquals("store", ModuleBoundaries.moduleOf("io.liteobs.store.tck"));
        assertEquals("sqlite", ModuleBoundaries.moduleOf("io.liteobs.sqlite"));
        assertEquals("core", ModuleBoundaries.moduleOf("io.liteobs"));
        assertEquals("core", ModuleBoundaries.moduleOf("io.liteobs.spi"));
        assertEquals("core", ModuleBoundaries.moduleOf("io.liteobs.memory"));
        assertEquals("core", ModuleBoundaries.moduleOf("io.liteobs.common.internal"));
        assertEquals("core", ModuleBoundaries.moduleOf("io.liteobs.internal.shaded.jctools.queues"));
    }

    private static void assertBreaks(ArchRule rule, Class<?> breach, String... usedTypes) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(breach));
        String report = result.getFailureReport().toString();

        assertTrue(result.hasViolation(), () -> rule.getDescription() + " let " + breach.getName() + " pass");
        for (String used : usedTypes) {
            assertTrue(report.contains(breach.getName()) && report.contains(used), report);
        }
    }
}
