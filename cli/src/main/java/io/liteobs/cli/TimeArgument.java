package io.liteobs.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times and durations an operator types: {@code 15m}, {@code 2h}, {@code 7d}, {@code 1h30m} (also ISO-8601
 * {@code PT15M}), and moments as ISO-8601 with an offset ({@code 2025-10-09T08:00:00Z}), as local date and time
 * ({@code 2025-10-09T10:00}) or as a local date ({@code 2025-10-09}, its midnight).
 */
final class TimeArgument {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");
    private static final Pattern DURATION = Pattern.compile("(?:\\d+(?:ms|s|m|h|d|w))+");

    private TimeArgument() {
    }

    /**
     * A duration: a sequence of numbers with units ms, s, m, h, d (24 hours) and w (7 days), or ISO-8601.
     *
     * @throws IllegalArgumentException with an example of what is accepted
     */
    static Duration duration(String text) {
        String trimmed = text.strip().toLowerCase(Locale.ROOT);
        if (DURATION.matcher(trimmed).matches()) {
            Duration total = Duration.ZERO;
            Matcher part = PART.matcher(trimmed);
            while (part.find()) {
                long amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> Duration.ofDays(7 * amount);
                });
            }
            return total;
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write it as 30s, 15m, 2h, 7d or"
                    + " 1h30m");
        }
    }

    /**
     * A moment: a duration means that long before {@code now}; else an ISO-8601 date and time, with an offset or
     * in {@code zone}, or a date, at its midnight in {@code zone}.
     *
     * @throws IllegalArgumentException with an example of what is accepted
     */
    static Instant moment(String text, Instant now, ZoneId zone) {
        String trimmed = text.strip();
        if (DURATION.matcher(trimmed.toLowerCase(Locale.ROOT)).matches() || trimmed.startsWith("P")
                || trimmed.startsWith("p")) {
            return now.minus(duration(trimmed));
        }
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(trimmed).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(trimmed).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notADate) {
                    throw new IllegalArgumentException("'" + text + "' is neither a duration before now (15m, 2h,"
                            + " 7d) nor a time (2025-10-09T08:00:00Z, 2025-10-09T10:00 in local time, 2025-10-09)");
                }
            }
        }
    }
}
