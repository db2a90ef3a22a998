package io.liteobs.cli;

import io.liteobs.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --since} and {@code --until}: the time range of a query or an export. */
final class TimeRangeOptions {

    @Spec(Spec.Target.MIXEE)
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec command;

    @Option(names = "--since", paramLabel = "TIME",
            description = "From this time on: a duration before now (15m, 2h, 7d) or a time (2025-10-09T08:00:00Z,"
                    + " 2025-10-09T10:00 in local time, 2025-10-09).")
    private @Nullable String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "Up to, and excluding, this time: as --since. Default: no end.")
    private @Nullable String until;

    /** The range asked for; all time when neither option is given. */
    TimeRange range(Instant now) {
        return range(now, null);
    }

    /**
     * The range asked for.
     *
     * @param defaultLength the length before now (or before {@code --until}) when {@code --since} is not given;
     *                      null for all time
     */
    TimeRange range(Instant now, @Nullable Duration defaultLength) {
        ZoneId zone = ZoneId.systemDefault();
        Instant to = until == null ? (defaultLength == null ? TimeRange.ALL.to() : now.plusMillis(1))
                : parse("--until", until, now, zone);
        Instant from = since != null ? parse("--since", since, now, zone)
                : defaultLength == null ? TimeRange.ALL.from() : to.minus(defaultLength);
        if (!to.isAfter(from)) {
            throw new ParameterException(command.commandLine(), "--since (" + from + ") must be before --until ("
                    + to + ")");
        }
        return TimeRange.between(from, to);
    }

    private Instant parse(String option, String text, Instant now, ZoneId zone) {
        try {
            return TimeArgument.moment(text, now, zone);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), option + ": " + e.getMessage());
        }
    }
}
