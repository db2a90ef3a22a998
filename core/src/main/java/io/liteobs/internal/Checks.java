package io.liteobs.internal;

import java.time.Duration;
import java.util.Objects;

/** Argument checks for builders: each failure names the parameter and the accepted range. */
public final class Checks {

    private Checks() {
    }

    public static int inRange(String parameter, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(parameter + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public static Duration positive(String parameter, Duration value) {
        Objects.requireNonNull(value, parameter);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(parameter + " must be positive, got " + value);
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
