package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the machine running the tests offers: the programs that some tests run for real (promtool, Prometheus,
 * Chromium, PostgreSQL), and whether this is CI, where every test must run. Core's test jar carries it to the other
 * modules' tests; {@code .ci/install-test-tools} installs the programs.
 */
public final class TestEnvironment {

    /** Whether this runs in CI ({@code CI=true}), where every test must run. */
    public static final boolean CI = "true".equals(System.getenv("CI"));

    private TestEnvironment() {
    }

    /**
     * Skips the test, saying why, when what it needs is not there; in CI it fails instead, so that a test the
     * machine could not run never passes unseen.
     */
    public static void requireOrSkip(boolean available, String why) {
        if (CI) {
            assertTrue(available, why + " (CI=true: the test must run; .ci/install-test-tools installs what it needs)");
        }
        assumeTrue(available, why);
    }

    /** The executable of that name on the PATH, if there is one. */
    public static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The executable of that name on the PATH; skips the test (fails it in CI) when there is none. */
    public static Path requireProgram(String program) {
        Optional<Path> found = onPath(program);
        requireOrSkip(found.isPresent(), program + " is not on the PATH");
        return found.orElseThrow();
    }
}
