package io.liteobs.alerting;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in rules and read them in alerts: {@code 90s}, {@code 2m}, {@code 1h30m}. */
final class Durations {

    private static final Pattern SHORT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?"
            + "(?:(\\d+)ms)?");

    private Durations() {
    }

    /** {@code 2m}, {@code 1h30m}, {@code 1500ms}: the largest units that add up to it exactly. */
    static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long millis = duration.toMillis();
        StringBuilder text = new StringBuilder();
        long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000, 1};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis >= sizes[i]) {
                text.append(millis / sizes[i]).append(units[i]);
                millis %= sizes[i];
            }
        }
        return text.toString();
    }

    /**
     * Reads {@code 90s}, {@code 2m}, {@code 1h30m}, {@code 250ms}, {@code 1d}, or ISO-8601 ({@code PT2M}).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static Duration parse(String text) {
        String trimmed = text.strip();
        Matcher matcher = SHORT.matcher(trimmed);
        if (!trimmed.isEmpty() && matcher.matches()) {
            long[] sizes = {86_400_000, 3_600_000, 60_000, 1_000, 1};
            long millis = 0;
            for (int group = 1; group <= sizes.length; group++) {
                String amount = matcher.group(group);
                if (amount != null) {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(amount), sizes[group - 1]));
                }
            }
            return Duration.ofMillis(millis);
        }
        try {
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write 90s, 2m, 1h30m, 250ms, 1d"
                    + " or ISO-8601 such as PT2M", e);
        }
    }
}
