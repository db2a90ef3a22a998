package io.liteobs;

import java.util.Objects;

/**
 * The aggregate of one series' points over a window: one row of the answer to a {@link WindowQuery}.
 *
 * @param labels  the series' labels
 * @param value   the aggregate of its points in the window
 * @param samples how many of its points the window held, at least 1
 */
public record WindowAggregate(Labels labels, double value, long samples) {

    /**
     * Checks the row.
     *
     * @param labels  the series' labels
     * @param value   the aggregate of its points in the window
     * @param samples how many of its points the window held, at least 1
     * @throws IllegalArgumentException when {@code samples} is below 1: a series without points in the window has
     *                                  no aggregate
     */
    public WindowAggregate {
        Objects.requireNonNull(labels, "labels");
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be at least 1, got " + samples);
        }
    }
}
