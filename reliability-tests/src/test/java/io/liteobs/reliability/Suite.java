package io.liteobs.reliability;

/** How hard the suite pushes: the default run, or the long variants behind {@code -Dliteobs.long=true}. */
final class Suite {

    /** Whether the long variants run. */
    static final boolean LONG = Boolean.getBoolean("liteobs.long");

    private Suite() {
    }

    /** {@code normal} in the default run, {@code longRun} with {@code -Dliteobs.long=true}. */
    static int rounds(int normal, int longRun) {
        return LONG ? longRun : normal;
    }
}
