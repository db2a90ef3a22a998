package io.liteobs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A query that counts audit entries over a time range by component, operation and status: how many operations
 * succeeded and how many failed, for a service level objective on audited operations.
 *
 * <pre>{@code
 * List<AuditStatusCount> counts = store.countAudit(AuditCountQuery.builder(TimeRange.last(Duration.ofDays(30)))
 *         .component("payments")
 *         .build());
 * }</pre>
 *
 * @param range     the time range, on each entry's timestamp; required
 * @param component exact component, or null for every component
 * @param operation exact operation, or null for every operation
 */
public record AuditCountQuery(TimeRange range, @Nullable String component, @Nullable String operation) {

    /**
     * Checks the query.
     *
     * @param range     the time range, on each entry's timestamp; required
     * @param component exact component, or null for every component
     * @param operation exact operation, or null for every operation
     */
    public AuditCountQuery {
        Objects.requireNonNull(range, "range");
    }

    /**
     * Starts a query over a range.
     *
     * @param range the time range, on each entry's timestamp
     * @return a builder counting every component and operation
     */
    public static Builder builder(TimeRange range) {
        return new Builder(range);
    }

    /** Builds an {@link AuditCountQuery}; defaults: every component and operation. */
    public static final class Builder {
        private final TimeRange range;
        private @Nullable String component;
        private @Nullable String operation;

        private Builder(TimeRange range) {
            this.range = Objects.requireNonNull(range, "range");
        }

        /**
         * Counts only this component.
         *
         * @param component the exact component; null for every component
         * @return this builder
         */
        public Builder component(@Nullable String component) {
            this.component = component;
            return this;
        }

        /**
         * Counts only this operation.
         *
         * @param operation the exact operation; null for every operation
         * @return this builder
         */
        public Builder operation(@Nullable String operation) {
            this.operation = operation;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         */
        public AuditCountQuery build() {
            return new AuditCountQuery(range, component, operation);
        }
    }
}
