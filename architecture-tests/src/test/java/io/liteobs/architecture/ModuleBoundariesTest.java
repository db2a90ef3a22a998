package io.liteobs.architecture;

import static java.util.stream.Collectors.toSet;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every module's main classes keep the boundaries. */
class ModuleBoundariesTest {

    /** The main classes of every module on this module's class path; test classes (and their breaches) left out. */
    private static final JavaClasses LITEOBS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ModuleBoundaries.ROOT);

    @Test
    void everyModule_isOnTheClassPath() {
        Set<String> modules = LITEOBS.stream().map(c -> ModuleBoundaries.moduleOf(c.getPackageName())).collect(toSet());

        assertTrue(modules.containsAll(Set.of("core", "store", "sqlite", "runtime", "instrumentation", "examples",
                "benchmarks")),
                () -> "only " + modules + " are checked: add the missing module to this module's POM");
    }

    @Test
    void onlyCore_touchesTheWritersInternals() {
        ModuleBoundaries.ONLY_CORE_TOUCHES_THE_WRITERS_INTERNALS.check(LITEOBS);
    }

    @Test
    void userFacingCode_importsNoInternals() {
        ModuleBoundaries.USER_FACING_CODE_IMPORTS_NO_INTERNALS.check(LITEOBS);
    }

    @Test
    void noModule_importsAnotherModulesInternals() {
        ModuleBoundaries.NO_MODULE_IMPORTS_ANOTHER_MODULES_INTERNALS.check(LITEOBS);
    }

    @Test
    void core_seesNoSqlJdbcMicrometerOrHttp() {
        ModuleBoundaries.CORE_SEES_NO_SQL_JDBC_MICROMETER_OR_HTTP.check(LITEOBS);
    }
}
