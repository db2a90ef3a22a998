package io.liteobs.benchmarks;

import java.util.Arrays;
import java.util.function.Supplier;

/** Times an operation over repeated runs after a warm-up: median, 95th percentile and maximum. */
record Timing(double medianMillis, double p95Millis, double maxMillis, int runs) {

    static Timing of(int warmups, int runs, Supplier<?> operation) {
        for (int i = 0; i < warmups; i++) {
            consume(operation.get());
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            consume(operation.get());
            millis[i] = (System.nanoTime() - started) / 1e6;
        }
        Arrays.sort(millis);
        return new Timing(millis[runs / 2], millis[(int) Math.ceil(runs * 0.95) - 1], millis[runs - 1], runs);
    }

    private static void consume(Object result) {
        if (result == null) {
            throw new IllegalStateException("the timed operation returned nothing");
        }
    }

    @Override
    public String toString() {
        return String.format("median %7.2f ms   p95 %7.2f ms   max %7.2f ms   (%d runs)", medianMillis, p95Millis,
                maxMillis, runs);
    }
}
