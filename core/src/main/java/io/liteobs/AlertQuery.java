package io.liteobs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A query for alerts in {@code system_alerts}, newest opened first. Every filter left null matches everything;
 * filters combine with AND; the range applies to the time an alert was opened.
 *
 * <pre>{@code
 * List<AlertRecord> criticalToday = store.findAlerts(AlertQuery.builder()
 *         .severity("critical")
 *         .range(TimeRange.last(Duration.ofDays(1), Instant.now()))
 *         .build());
 * }</pre>
 *
 * @param range    opened within this range
 * @param openOnly only alerts not resolved yet
 * @param severity exact severity, or null
 * @param ruleId   exact rule id, or null
 * @param source   exact source, or null
 * @param page     which of the ordered alerts are returned
 */
public record AlertQuery(TimeRange range, boolean openOnly, @Nullable String severity, @Nullable String ruleId,
                         @Nullable String source, Page page) {

    /**
     * Checks that the range and the page are given.
     *
     * @param range opened within this range
     * @param openOnly only alerts not resolved yet
     * @param severity exact severity, or null
     * @param ruleId exact rule id, or null
     * @param source exact source, or null
     * @param page which of the ordered alerts are returned
     * @throws NullPointerException when {@code range} or {@code page} is null
     */
    public AlertQuery {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(page, "page");
    }

    /**
     * A builder; defaults: all time, open and resolved, the first {@value Page#DEFAULT_LIMIT} alerts.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AlertQuery}. */
    public static final class Builder extends PagedQueryBuilder<Builder> {
        private boolean openOnly;
        private @Nullable String severity;
        private @Nullable String ruleId;
        private @Nullable String source;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Only alerts that are not resolved.
         *
         * @return this builder
         */
        public Builder openOnly() {
            this.openOnly = true;
            return this;
        }

        /**
         * Only this severity; null for any.
         *
         * @param severity exact severity, or null
         * @return this builder
         */
        public Builder severity(@Nullable String severity) {
            this.severity = severity;
            return this;
        }

        /**
         * Only alerts of this rule; null for any.
         *
         * @param ruleId exact rule id, or null
         * @return this builder
         */
        public Builder ruleId(@Nullable String ruleId) {
            this.ruleId = ruleId;
            return this;
        }

        /**
         * Only alerts from this source; null for any.
         *
         * @param source exact source, or null
         * @return this builder
         */
        public Builder source(@Nullable String source) {
            this.source = source;
            return this;
        }

        /**
         * Builds an {@link AlertQuery} from this builder's settings.
         *
         * @return the new query
         * @throws IllegalArgumentException naming the parameter that is out of range
         */
        public AlertQuery build() {
            return new AlertQuery(range, openOnly, severity, ruleId, source, page());
        }
    }
}
