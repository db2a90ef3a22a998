package io.liteobs.runtime.micrometer;

import io.micrometer.core.instrument.step.StepRegistryConfig;

/**
 * The configuration of a {@link LiteObsMeterRegistry}: Micrometer's step registry settings under the prefix
 * {@value #PREFIX}, such as {@code liteobs.step} (default one minute) and {@code liteobs.enabled} (default true).
 *
 * <pre>{@code
 * LiteObsRegistryConfig config = key -> key.equals("liteobs.step") ? "10s" : null;   // or DEFAULT
 * }</pre>
 */
@FunctionalInterface
public interface LiteObsRegistryConfig extends StepRegistryConfig {

    /** The property prefix. */
    String PREFIX = "liteobs";

    /** Every setting at its default: a one-minute step, enabled. */
    LiteObsRegistryConfig DEFAULT = key -> null;

    /**
     * Every setting at its default but the step.
     *
     * @param step the publishing step; at least one millisecond
     * @return every setting at its default but the step
     * @throws IllegalArgumentException for a step below one millisecond
     */
    static LiteObsRegistryConfig withStep(java.time.Duration step) {
        if (step == null || step.toMillis() < 1) {
            throw new IllegalArgumentException("step must be at least 1 ms, got " + step);
        }
        String text = step.toMillis() + "ms";
        return key -> key.equals(PREFIX + ".step") ? text : null;
    }

    /** {@value #PREFIX}. */
    @Override
    default String prefix() {
        return PREFIX;
    }
}
