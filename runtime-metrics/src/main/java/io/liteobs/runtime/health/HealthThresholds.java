package io.liteobs.runtime.health;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Threshold} of every {@link Indicator}: what {@link HealthScorer} penalises and what the default advisors
 * of {@link Explainer} look for. Immutable; defaults are the public constants below, documented with worked
 * examples in docs/health.md.
 *
 * <pre>{@code
 * HealthThresholds thresholds = HealthThresholds.builder()
 *         .set(Indicator.CPU, new Threshold(0.90, 1.0, 15))     // a batch machine: busy CPU is normal
 *         .weight(Indicator.THREADS, 0)                         // thread count not judged
 *         .build();
 * }</pre>
 */
public final class HealthThresholds {

    /** CPU: penalised above 80 % busy, up to 20 points at 100 %. */
    public static final Threshold DEFAULT_CPU = new Threshold(0.80, 1.00, 20);
    /** Memory: penalised above 85 % not available, up to 25 points at 100 %. */
    public static final Threshold DEFAULT_MEMORY = new Threshold(0.85, 1.00, 25);
    /** Swap: penalised above 50 % of swap in use, up to 10 points at 100 %. */
    public static final Threshold DEFAULT_SWAP = new Threshold(0.50, 1.00, 10);
    /** Disk: the fullest file system, penalised above 85 % full, up to 40 points at 100 %: weighted hardest. */
    public static final Threshold DEFAULT_DISK = new Threshold(0.85, 1.00, 40);
    /** GC overhead: penalised above 10 % of CPU time in GC, up to 20 points at 50 %. */
    public static final Threshold DEFAULT_GC_OVERHEAD = new Threshold(0.10, 0.50, 20);
    /** Heap after GC: penalised above 75 % of the long-lived pool still in use after GC, up to 20 points at 100 %. */
    public static final Threshold DEFAULT_HEAP_AFTER_GC = new Threshold(0.75, 1.00, 20);
    /** Threads: penalised above 1,000 live threads, up to 10 points at 5,000. */
    public static final Threshold DEFAULT_THREADS = new Threshold(1_000, 5_000, 10);

    private static final HealthThresholds DEFAULTS = builder().build();

    private final Map<Indicator, Threshold> thresholds;

    private HealthThresholds(Map<Indicator, Threshold> thresholds) {
        this.thresholds = Collections.unmodifiableMap(new EnumMap<>(thresholds));
    }

    /**
     * Every threshold at its default.
     *
     * @return every threshold at its default
     */
    public static HealthThresholds defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a builder starting from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The threshold of an indicator.
     *
     * @param indicator the indicator
     * @return the threshold of an indicator
     */
    public Threshold get(Indicator indicator) {
        return threshold(thresholds, indicator);
    }

    /** The indicator's threshold in a map that has one for every indicator, as the builder's always does. */
    private static Threshold threshold(Map<Indicator, Threshold> thresholds, Indicator indicator) {
        return Objects.requireNonNull(thresholds.get(Objects.requireNonNull(indicator, "indicator")),
                "every indicator has a threshold");
    }

    /**
     * Every threshold, by indicator.
     *
     * @return every threshold, by indicator
     */
    public Map<Indicator, Threshold> asMap() {
        return thresholds;
    }

    /**
     * A builder starting from these thresholds.
     *
     * @return a builder starting from these thresholds
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.thresholds.putAll(thresholds);
        return builder;
    }

    @Override
    public String toString() {
        return "HealthThresholds" + thresholds;
    }

    /** Builds {@link HealthThresholds}; every indicator starts at its default. */
    public static final class Builder {
        private final Map<Indicator, Threshold> thresholds = new EnumMap<>(Indicator.class);

        private Builder() {
            thresholds.put(Indicator.CPU, DEFAULT_CPU);
            thresholds.put(Indicator.MEMORY, DEFAULT_MEMORY);
            thresholds.put(Indicator.SWAP, DEFAULT_SWAP);
            thresholds.put(Indicator.DISK, DEFAULT_DISK);
            thresholds.put(Indicator.GC_OVERHEAD, DEFAULT_GC_OVERHEAD);
            thresholds.put(Indicator.HEAP_AFTER_GC, DEFAULT_HEAP_AFTER_GC);
            thresholds.put(Indicator.THREADS, DEFAULT_THREADS);
        }

        /**
         * The threshold of one indicator.
         *
         * @param indicator the indicator
         * @param threshold where the indicator starts and stops counting against the score
         * @return this builder
         */
        public Builder set(Indicator indicator, Threshold threshold) {
            thresholds.put(Objects.requireNonNull(indicator, "indicator"), Objects.requireNonNull(threshold,
                    "threshold"));
            return this;
        }

        /**
         * The weight of one indicator, keeping its threshold and saturation; 0 turns it off.
         *
         * @param indicator the indicator
         * @param weight its weight in the score; zero or more
         * @return the weight of one indicator, keeping its threshold and saturation
         * @throws IllegalArgumentException for a negative or non-finite weight
         */
        public Builder weight(Indicator indicator, double weight) {
            return set(indicator, threshold(thresholds, indicator).withWeight(weight));
        }

        /**
         * The thresholds.
         *
         * @return the thresholds
         */
        public HealthThresholds build() {
            return new HealthThresholds(thresholds);
        }
    }
}
