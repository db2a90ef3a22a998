package io.liteobs.alerting;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What spent part of an error budget: a route and status, a component and operation, a series of a counter, with its
 * bad events and its share of the bad events of every contributor of the window ({@link BudgetExplanation}).
 *
 * @param labels      what it is: {@code method}, {@code route} and {@code status} for HTTP availability;
 *                    {@code method} and {@code route} for latency; {@code component}, {@code operation} and
 *                    {@code status} for audit entries; {@code metric} and the series' labels for counters
 * @param badEvents   its bad events in the window
 * @param share       its share of the bad events of every contributor of the window, 0 to 1
 */
public record BudgetContributor(Map<String, String> labels, long badEvents, double share) {

    /**
     * Keeps the labels in the order given.
     *
     * @param labels      what it is: {@code method}, {@code route} and {@code status} for HTTP availability;
     *     {@code method} and {@code route} for latency; {@code component}, {@code operation} and
     *     {@code status} for audit entries; {@code metric} and the series' labels for counters
     * @param badEvents   its bad events in the window
     * @param share       its share of the bad events of every contributor of the window, 0 to 1
     */
    public BudgetContributor {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
}
