package io.liteobs;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something about LiteObs itself that an operator must know, stored in {@code system_alerts}: for example that
 * audit entries were dropped because the audit queue was full. The library raises these itself, at most once per
 * interval for the same cause, so that a loss is never silent.
 *
 * <pre>{@code
 * SELECT timestamp, severity, message FROM system_alerts WHERE source = 'liteobs.audit' ORDER BY timestamp DESC;
 * }</pre>
 *
 * @param id              time-ordered, globally unique id
 * @param timestampMillis when it was raised, epoch milliseconds
 * @param severity        {@value #SEVERITY_WARNING} or {@value #SEVERITY_CRITICAL}
 * @param source          what raised it, for example {@code liteobs.audit}
 * @param message         what happened and what to do, for a person
 * @param detailsJson     the figures, as a JSON object; may be null
 */
public record SystemAlert(String id, long timestampMillis, String severity, String source, String message,
                          @Nullable String detailsJson) {

    /** Something degraded that deserves a look. */
    public static final String SEVERITY_WARNING = "warning";
    /** Data was lost or is being lost. */
    public static final String SEVERITY_CRITICAL = "critical";

    /**
     * @param id time-ordered, globally unique id
     * @param timestampMillis when it was raised, epoch milliseconds
     * @param severity {@value #SEVERITY_WARNING} or {@value #SEVERITY_CRITICAL}
     * @param source what raised it, for example {@code liteobs.audit}
     * @param message what happened and what to do, for a person
     * @param detailsJson the figures, as a JSON object; may be null
     * @throws NullPointerException when the id, severity, source or message is null
     */
    public SystemAlert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /**
     * When it was raised.
     *
     * @return when it was raised
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }
}
