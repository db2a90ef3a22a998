package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How hard the suite pushes: the default run, or the long variants behind {@code -Dliteobs.long=true}. */
final class Suite {

    /** Whether the long variants run. */
    static final boolean LONG = Boolean.getBoolean("liteobs.long");

    private Suite() {
    }

    /** Whether this runs in CI ({@code CI=true}), where every test must run. */
    static final boolean CI = "true".equals(System.getenv("CI"));

    /**
     * Skips the test, saying why, when what it needs is not there; in CI it fails instead, so that a fault the
     * machine could not make never passes unseen.
     */
    static void requireOrSkip(boolean available, String why) {
        if (CI) {
            assertTrue(available, why + " (CI=true: the test must run)");
        }
        assumeTrue(available, why);
    }

    /** {@code normal} in the default run, {@code longRun} with {@code -Dliteobs.long=true}. */
    static int rounds(int normal, int longRun) {
        return LONG ? longRun : normal;
    }
}
