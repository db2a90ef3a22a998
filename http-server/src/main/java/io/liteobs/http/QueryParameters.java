package io.liteobs.http;

import io.liteobs.Labels;
import io.liteobs.TimeRange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The query parameters of one request, decoded and checked: each name at most once, only names the endpoint takes,
 * values of bounded length without control characters. Typed getters answer a bad value with a 400 that names the
 * parameter and what it takes; the query builders check the ranges themselves, and their message is passed on.
 */
final class QueryParameters {

    /** The most parameters one request may carry. */
    static final int MAX_PARAMETERS = 24;
    /** The longest value of one parameter, in characters. */
    static final int MAX_VALUE_LENGTH = 2_048;

    /** A relative duration: a number and a unit, such as {@code 500ms}, {@code 15m}, {@code 24h} or {@code 7d}. */
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Decodes a raw query string.
     *
     * @param rawQuery the query string as sent, or null
     * @param allowed  the parameters the endpoint takes
     * @throws BadRequestException naming the parameter that is unknown, repeated, too long or badly encoded
     */
    static QueryParameters parse(@Nullable String rawQuery, Set<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParameters(values);
        }
        String[] pairs = rawQuery.split("&", -1);
        if (pairs.length > MAX_PARAMETERS) {
            throw BadRequestException.badParameter("at most " + MAX_PARAMETERS + " query parameters, got "
                    + pairs.length);
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "a parameter name");
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            if (!allowed.contains(name)) {
                throw BadRequestException.badParameter("unknown parameter '" + printable(name) + "'; this endpoint takes "
                        + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed))));
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                throw BadRequestException.badParameter(name + " is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw BadRequestException.badParameter(name + " holds a control character");
            }
            if (values.putIfAbsent(name, value) != null) {
                throw BadRequestException.badParameter(name + " is given more than once");
            }
        }
        return new QueryParameters(values);
    }

    private static String decode(String encoded, String what) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw BadRequestException.badParameter(what + " is not valid percent-encoding");
        }
    }

    /** The name as it can be quoted back: control characters and anything past 64 characters left out. */
    private static String printable(String name) {
        String shown = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() > 64 ? shown.substring(0, 64) + "..." : shown;
    }

    /** The value, null when absent or empty. */
    @Nullable String text(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The value, required. */
    String requiredText(String name) {
        String value = text(name);
        if (value == null) {
            throw BadRequestException.badParameter(name + " is required");
        }
        return value;
    }

    /** An integer; the range is the query builder's to check. */
    int integer(String name, int defaultValue) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw BadRequestException.badParameter(name + " must be an integer, got '" + printable(value) + "'");
        }
    }

    /** An integer, null when absent; the range is the query builder's to check. */
    @Nullable Integer optionalInteger(String name) {
        return text(name) == null ? null : integer(name, 0);
    }

    /** {@code true} or {@code false}; false when absent. */
    boolean flag(String name) {
        String value = text(name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw BadRequestException.badParameter(name + " must be true or false, got '" + printable(value) + "'");
    }

    /** One of an enum's constants, by name in any case. */
    <E extends Enum<E>> E choice(String name, Class<E> type, E defaultValue) {
        String value = text(name);
        if (value == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw BadRequestException.badParameter(name + " must be one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()
                + ", got '" + printable(value) + "'");
    }

    /**
     * A duration: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}, or ISO-8601 ({@code PT15M}).
     *
     * @return null when absent
     */
    @Nullable Duration duration(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        Matcher shortForm = SHORT_DURATION.matcher(value);
        Duration duration;
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            duration = switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(value);
            } catch (DateTimeParseException e) {
                throw BadRequestException.badParameter(name + " must be a duration such as 500ms, 30s, 15m, 24h, 7d"
                        + " or PT15M, got '" + printable(value) + "'");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw BadRequestException.badParameter(name + " must be positive, got '" + printable(value) + "'");
        }
        return duration;
    }

    /**
     * The time range of {@code from} and {@code to} (ISO-8601 instants or epoch milliseconds), or of {@code range}
     * (a duration ending now).
     *
     * @param defaultRange the range when none of the three is given; null when one is required
     */
    @Nullable TimeRange timeRange(Instant now, @Nullable TimeRange defaultRange) {
        Duration last = duration("range");
        Instant from = instant("from");
        Instant to = instant("to");
        if (last != null) {
            if (from != null || to != null) {
                throw BadRequestException.badParameter("give either range, or from and to, not both");
            }
            return TimeRange.last(last, now);
        }
        if (from == null && to == null) {
            return defaultRange;
        }
        try {
            return TimeRange.between(from != null ? from : TimeRange.ALL.from(),
                    to != null ? to : TimeRange.ALL.to());
        } catch (IllegalArgumentException e) {
            throw BadRequestException.badParameter(e.getMessage());
        }
    }

    private @Nullable Instant instant(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        try {
            if (value.chars().allMatch(Character::isDigit) && value.length() <= 15) {
                return Instant.ofEpochMilli(Long.parseLong(value));
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw BadRequestException.badParameter(name + " must be an ISO-8601 instant (2026-01-31T12:00:00Z) or"
                    + " epoch milliseconds, got '" + printable(value) + "'");
        }
    }

    /** Labels as a JSON object of strings, such as {@code {"region":"eu"}}; empty when absent. */
    Labels labels(String name) {
        String value = text(name);
        if (value == null) {
            return Labels.empty();
        }
        try {
            return Labels.fromJson(value);
        } catch (IllegalArgumentException e) {
            throw BadRequestException.badParameter(name + " must be a JSON object of strings such as"
                    + " {\"region\":\"eu\"}: " + e.getMessage());
        }
    }
}
