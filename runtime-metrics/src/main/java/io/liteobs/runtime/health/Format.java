package io.liteobs.runtime.health;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Formats values for people: ratios as percentages, bytes in binary units. */
final class Format {

    private static final String[] BINARY_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Format() {
    }

    /** A value in its unit: {@code 95.0%} for a ratio, {@code 1.5 GiB} for bytes, {@code 12 threads}. */
    static String value(double value, @Nullable String unit) {
        if (Double.isNaN(value)) {
            return "unknown";
        }
        if (unit == null) {
            return number(value);
        }
        return switch (unit) {
            case "ratio" -> String.format(Locale.ROOT, "%.1f%%", value * 100);
            case "bytes" -> bytes(value);
            case "bytes/s" -> bytes(value) + "/s";
            default -> number(value) + " " + unit;
        };
    }

    /** A ratio as a percentage, one decimal: {@code 95.0%}; {@code unknown} for NaN. */
    static String percent(double ratio) {
        return value(ratio, "ratio");
    }

    /** Bytes in binary units, one decimal: {@code 512 B}, {@code 1.5 GiB}. */
    static String bytes(double bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < BINARY_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", value)
                : String.format(Locale.ROOT, "%.1f %s", value, BINARY_UNITS[unit]);
    }

    /** A whole number without decimals, any other with two. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
