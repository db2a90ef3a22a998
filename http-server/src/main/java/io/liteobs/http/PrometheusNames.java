package io.liteobs.http;

import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a stored metric is named in Prometheus: snake_case in the classic character set (so that every Prometheus
 * and promtool reads it), in base units, with the unit as the name's suffix. A value in milliseconds is exposed in
 * seconds, a percentage as a ratio, kibibytes as bytes; any other unit is kept, as a suffix, when it is a word.
 */
final class PrometheusNames {

    private PrometheusNames() {
    }

    /** The Prometheus unit of a stored unit, and the factor that turns a stored value into it. */
    record ExposedUnit(@Nullable Unit unit, double scale) {
        static final ExposedUnit NONE = new ExposedUnit(null, 1);

        double convert(double value) {
            return value * scale;
        }
    }

    /** The exposed unit of a stored one; {@link ExposedUnit#NONE} for none or one that is not a word. */
    static ExposedUnit unit(@Nullable String stored) {
        if (stored == null || stored.isBlank()) {
            return ExposedUnit.NONE;
        }
        return switch (stored.trim().toLowerCase(Locale.ROOT)) {
            case "ns", "nanosecond", "nanoseconds" -> new ExposedUnit(Unit.SECONDS, 1e-9);
            case "us", "µs", "microsecond", "microseconds" -> new ExposedUnit(Unit.SECONDS, 1e-6);
            case "ms", "millisecond", "milliseconds" -> new ExposedUnit(Unit.SECONDS, 1e-3);
            case "s", "sec", "second", "seconds" -> new ExposedUnit(Unit.SECONDS, 1);
            case "min", "minute", "minutes" -> new ExposedUnit(Unit.SECONDS, 60);
            case "h", "hour", "hours" -> new ExposedUnit(Unit.SECONDS, 3_600);
            case "b", "byte", "bytes" -> new ExposedUnit(Unit.BYTES, 1);
            case "kb", "kib", "kilobytes", "kibibytes" -> new ExposedUnit(Unit.BYTES, 1_024);
            case "mb", "mib", "megabytes", "mebibytes" -> new ExposedUnit(Unit.BYTES, 1_048_576);
            case "%", "percent" -> new ExposedUnit(Unit.RATIO, 0.01);
            case "ratio" -> new ExposedUnit(Unit.RATIO, 1);
            default -> {
                String word = snakeCase(stored);
                yield word.matches("[a-z][a-z0-9_]*") && !word.contains("__")
                        ? new ExposedUnit(new Unit(word), 1) : ExposedUnit.NONE;
            }
        };
    }

    /**
     * The Prometheus name of a stored metric: snake_case, only {@code [a-z0-9_]}, not starting with a digit, and
     * ending with the unit's suffix.
     */
    static String metricName(String stored, ExposedUnit unit) {
        String name = snakeCase(stored);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            name = "_" + name;
        }
        if (unit.unit() != null) {
            String suffix = "_" + unit.unit();
            // a name in milliseconds says so; once in seconds, it must not
            for (String replaced : new String[] {"_milliseconds", "_millis", "_ms", "_percent"}) {
                if (name.endsWith(replaced) && unit.scale() != 1) {
                    name = name.substring(0, name.length() - replaced.length());
                }
            }
            if (!name.endsWith(suffix)) {
                name = name + suffix;
            }
        }
        return name;
    }

    /** A label key in the classic character set: anything else becomes an underscore. */
    static String labelName(String key) {
        StringBuilder name = new StringBuilder(key.length() + 1);
        if (Character.isDigit(key.charAt(0))) {
            name.append('_');
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean classic = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            char kept = classic ? c : '_';
            // names starting with two underscores are Prometheus's own: one leading underscore at most
            if (kept == '_' && name.length() == 1 && name.charAt(0) == '_') {
                continue;
            }
            name.append(kept);
        }
        return name.toString();
    }

    /** camelCase and dot.case to snake_case, anything outside {@code [a-z0-9]} to one underscore. */
    static String snakeCase(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        char previous = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (previous >= 'a' && previous <= 'z' || previous >= '0' && previous <= '9') {
                    out.append('_');
                }
                out.append((char) (c + ('a' - 'A')));
            } else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                out.append('_');
            }
            previous = c;
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '_') {
            end--;
        }
        return out.substring(0, end);
    }
}
