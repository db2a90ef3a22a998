package io.liteobs.cli;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How values read in text: for people (an aligned table) and for programs (CSV, and JSON's times). */
final class Values {

    /** ISO-8601 in UTC, always with milliseconds, so that every time of a column has the same width. */
    static final DateTimeFormatter ISO_UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS",
            Locale.ROOT);
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Values() {
    }

    /** A value as a program reads it: times in ISO-8601 UTC, numbers plain, null as the empty string. */
    static String forPrograms(Column.Kind kind, @Nullable Object value) {
        if (value == null) {
            return "";
        }
        return switch (kind) {
            case TIME -> ISO_UTC.format(Instant.ofEpochMilli((Long) value));
            case NUMBER -> number((Double) value);
            default -> value.toString();
        };
    }

    /**
     * A value as a person reads it: times in {@code zone} (ISO-8601 with a Z in UTC), durations and sizes in
     * units, control characters escaped so that a row stays on one line, null as {@code -}.
     */
    static String forPeople(Column.Kind kind, @Nullable Object value, ZoneId zone) {
        if (value == null) {
            return "-";
        }
        return switch (kind) {
            case TIME -> zone.equals(ZoneOffset.UTC) ? ISO_UTC.format(Instant.ofEpochMilli((Long) value))
                    : LOCAL.format(Instant.ofEpochMilli((Long) value).atZone(zone));
            case DURATION -> duration((Long) value);
            case BYTES -> bytes((Long) value);
            case NUMBER -> number((Double) value);
            case BOOLEAN -> (Boolean) value ? "yes" : "no";
            case TEXT, JSON -> escapeControls(value.toString());
            case INTEGER -> value.toString();
        };
    }

    /** A number without a needless fraction or exponent: 12, 12.5, 0.001; NaN and infinities as Java names them. */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return plain.length() > 24 ? Double.toString(value) : plain;
    }

    /** {@code 850ms}, {@code 12.3s}, {@code 5m 02s}, {@code 3h 04m}, {@code 2d 05h}. */
    static String duration(long millis) {
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /** {@code 512 B}, {@code 12.5 MiB}. */
    static String bytes(long bytes) {
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, BYTE_UNITS[unit]);
    }

    /** Text with its control characters (line breaks, tabs, escapes) written as {@code \n}, {@code \t}, {@code \u001b}. */
    static String escapeControls(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (escaped == null) {
                    escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                escaped.append(switch (c) {
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> String.format(Locale.ROOT, "\\u%04x", (int) c);
                });
            } else if (escaped != null) {
                escaped.append(c);
            }
        }
        return escaped == null ? text : escaped.toString();
    }
}
