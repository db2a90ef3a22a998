package io.micrometer.core.instrument.step;

/**
 * Runs the rollover poll that a started step registry's poller thread runs just after each step boundary, so that a
 * test on a mock clock can reach the state in which a finished step is rolled over but not yet published.
 */
public final class StepPolling {

    private StepPolling() {
    }

    /** Polls every meter of {@code registry}, rolling its step meters over as the poller thread does. */
    public static void rollOver(StepMeterRegistry registry) {
        registry.pollMetersToRollover();
    }
}
