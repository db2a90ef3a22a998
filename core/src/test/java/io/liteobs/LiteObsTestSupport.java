package io.liteobs;

/** Small helpers shared by the core tests. */
final class LiteObsTestSupport {

    private LiteObsTestSupport() {
    }

    /** Records the values 0 to n - 1 of metric {@code m}. */
    static void recordN(MetricsManager metrics, int n) {
        for (int i = 0; i < n; i++) {
            metrics.record("m", i);
        }
    }
}
