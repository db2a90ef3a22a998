package io.liteobs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A query for notification attempts, newest first; a filter left null matches everything.
 *
 * <pre>{@code
 * List<NotificationAttempt> attempts = store.findNotificationAttempts(
 *         NotificationQuery.builder().ruleId("host-cpu-high").build());
 * }</pre>
 *
 * @param range          attempts that ended within this range
 * @param ruleId         exact rule id, or null
 * @param notificationId exact notification id, or null
 * @param page           which of the ordered attempts are returned
 */
public record NotificationQuery(TimeRange range, @Nullable String ruleId, @Nullable String notificationId,
                                Page page) {

    /**
     * Checks that the range and the page are given.
     *
     * @param range attempts that ended within this range
     * @param ruleId exact rule id, or null
     * @param notificationId exact notification id, or null
     * @param page which of the ordered attempts are returned
     * @throws NullPointerException when {@code range} or {@code page} is null
     */
    public NotificationQuery {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(page, "page");
    }

    /**
     * A builder; defaults: all time, the first {@value Page#DEFAULT_LIMIT} attempts.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link NotificationQuery}. */
    public static final class Builder extends PagedQueryBuilder<Builder> {
        private @Nullable String ruleId;
        private @Nullable String notificationId;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Only attempts for this rule; null for any.
         *
         * @param ruleId exact rule id, or null
         * @return this builder
         */
        public Builder ruleId(@Nullable String ruleId) {
            this.ruleId = ruleId;
            return this;
        }

        /**
         * Only attempts at this notification; null for any.
         *
         * @param notificationId exact notification id, or null
         * @return this builder
         */
        public Builder notificationId(@Nullable String notificationId) {
            this.notificationId = notificationId;
            return this;
        }

        /**
         * Builds a {@link NotificationQuery} from this builder's settings.
         *
         * @return the new query
         * @throws IllegalArgumentException naming the parameter that is out of range
         */
        public NotificationQuery build() {
            return new NotificationQuery(range, ruleId, notificationId, page());
        }
    }
}
