package io.liteobs.alerting;

/** When an observation makes a rule's instance hold. */
sealed interface Condition {

    /** Whether the observation makes the instance hold, given the rule's minimum number of samples. */
    boolean holds(Observation observation, int minSamples);

    /** For a person and for payloads: {@code > 0.9}, {@code absent}. */
    String describe();

    /** The threshold, NaN for none. */
    double threshold();

    /** Above or below a threshold, with at least the minimum number of samples: a quiet series cannot fire. */
    record Threshold(boolean above, double threshold) implements Condition {

        public Threshold {
            if (!Double.isFinite(threshold)) {
                throw new IllegalArgumentException("a threshold must be a finite number, got " + threshold);
            }
        }

        @Override
        public boolean holds(Observation observation, int minSamples) {
            return observation.samples() >= minSamples && !Double.isNaN(observation.value())
                    && (above ? observation.value() > threshold : observation.value() < threshold);
        }

        @Override
        public String describe() {
            return (above ? "> " : "< ") + Templates.format(threshold);
        }
    }

    /** No sample at all in the window. */
    record Absent() implements Condition {

        @Override
        public boolean holds(Observation observation, int minSamples) {
            return observation.samples() == 0;
        }

        @Override
        public String describe() {
            return "absent";
        }

        @Override
        public double threshold() {
            return Double.NaN;
        }
    }
}
