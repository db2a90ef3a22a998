package io.liteobs.internal;

/**
 * Why a recorder refused an entry: the field at fault and what is wrong with it. Made on the recording thread from
 * two constants, with no message formatted there; the writer thread turns the latest one into a log line.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 *
 * @param field   the entry's field at fault, as the API names it ({@code name}, {@code timestampMillis}, ...)
 * @param problem what is wrong with it
 */
public record Rejection(String field, Problem problem) {

    /**
     * 2000-01-01T00:00:00Z: a timestamp a caller gives that is earlier is refused. Epoch seconds, or a duration,
     * passed as epoch milliseconds land in January 1970, where no query looks for them and retention deletes them
     * at its next run; refusing them makes the mistake show in the counters and the log at once.
     */
    public static final long EARLIEST_TIMESTAMP_MILLIS = 946_684_800_000L;

    /** What can be wrong with a field. */
    public enum Problem {
        MISSING("is null or blank"),
        TOO_LONG("is longer than " + Text.MAX_SHORT + " characters"),
        CONTROL_CHARACTER("holds a control character, a lone surrogate or a bidirectional override"),
        NOT_FINITE("is NaN or infinite"),
        BEFORE_2000("is before 2000-01-01: epoch seconds or a relative time given where epoch milliseconds belong"),
        ID_NOT_GENERATED("could not be generated (the id generator's warning says why)"),
        TOO_MANY_SERIES("would open a series past maxSeriesPerMetric or maxSeriesTotal"),
        NEGATIVE("is negative"),
        NOT_AN_HTTP_STATUS("is not an HTTP status code from 100 to 599");

        private final String description;

        Problem(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    @Override
    public String toString() {
        return field + " " + problem.description;
    }
}
