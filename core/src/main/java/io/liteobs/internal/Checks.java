package io.liteobs.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks for builders: each failure names the parameter and the accepted range.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class Checks {

    private Checks() {
    }

    public static int inRange(String parameter, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(parameter + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** The shortest duration {@link #positive} accepts. */
    public static final Duration MIN_DURATION = Duration.ofMillis(1);
    /** The longest duration {@link #positive} accepts: what a long holds in nanoseconds, about 292 years. */
    public static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);

    /**
     * A positive duration of at least one millisecond. Every duration a builder takes ends up in milliseconds
     * (a schedule, an interval stored with each heartbeat, a retention age) or nanoseconds: one shorter than a
     * millisecond would become zero, and fail, or do something else, far from the call that set it; one longer
     * than {@link #MAX_DURATION} would overflow.
     *
     * @throws IllegalArgumentException naming the parameter and the accepted range
     */
    public static Duration positive(String parameter, Duration value) {
        Objects.requireNonNull(value, parameter);
        if (value.compareTo(MIN_DURATION) < 0 || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(parameter + " must be at least 1 ms and at most " + MAX_DURATION
                    + " (about 292 years), got " + value);
        }
        return value;
    }

    public static Duration notNegative(String parameter, Duration value) {
        Objects.requireNonNull(value, parameter);
        if (value.isNegative()) {
            throw new IllegalArgumentException(parameter + " must not be negative, got " + value);
        }
        return value;
    }

    public static String name(String parameter, String value) {
        String name = Text.requiredName(value);
        if (name == null) {
            throw new IllegalArgumentException(parameter + " must be non-blank, without control characters, at most "
                    + Text.MAX_SHORT + " characters, got " + (value == null ? "null" : "\"" + value + "\""));
        }
        return name;
    }
}
