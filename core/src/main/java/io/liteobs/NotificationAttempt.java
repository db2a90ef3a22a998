package io.liteobs;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to deliver an alert notification, and how it ended: kept so that an operator can see why a
 * notification never arrived.
 *
 * @param notificationId   the notification, the same for every attempt at it
 * @param ruleId           the rule whose alerts it carries
 * @param alertIds         the alerts it carries, at least one: a burst of one rule's alerts is one notification;
 *                         ids hold no whitespace
 * @param status           {@code firing} or {@code resolved}
 * @param destination      where it went: the URL without its query string and user information
 * @param attempt          1 for the first attempt, then 2, 3...; 0 for a notification not tried (yet)
 * @param timestampMillis  when the attempt ended, epoch milliseconds
 * @param outcome          how it ended
 * @param httpStatus       the response's status code; 0 when there was no response
 * @param error            what went wrong, for a person; null when it was delivered
 * @param truncated        whether the payload was cut to its cap
 */
public record NotificationAttempt(String notificationId, String ruleId, List<String> alertIds, String status,
                                  String destination, int attempt, long timestampMillis, Outcome outcome,
                                  int httpStatus, @Nullable String error, boolean truncated) {

    /** How an attempt ended. */
    public enum Outcome {
        /**
         * Handed to delivery, not tried yet: stored in the transaction that commits the alert, so that a notification
         * whose process died before it was sent is found, and sent, at the next start.
         */
        QUEUED,
        /** The receiver answered with a 2xx status. */
        DELIVERED,
        /** It failed in a way that can succeed later; another attempt follows. */
        RETRYING,
        /** It failed for good: a status that is not retried, or the last attempt. */
        FAILED,
        /** The destination was refused (scheme, address) before anything was sent. */
        REFUSED,
        /** The delivery queue was full, or closed: never tried. */
        DROPPED
    }

    /**
     * Checks the ids and copies the alert ids.
     *
     * @param notificationId the notification, the same for every attempt at it
     * @param ruleId the rule whose alerts it carries
     * @param alertIds the alerts it carries, at least one: a burst of one rule's alerts is one notification; ids hold
     *     no whitespace
     * @param status {@code firing} or {@code resolved}
     * @param destination where it went: the URL without its query string and user information
     * @param attempt 1 for the first attempt, then 2, 3...; 0 for a notification that was never tried
     * @param timestampMillis when the attempt ended, epoch milliseconds
     * @param outcome how it ended
     * @param httpStatus the response's status code; 0 when there was no response
     * @param error what went wrong, for a person; null when it was delivered
     * @param truncated whether the payload was cut to its cap
     * @throws IllegalArgumentException when there is no alert id, or one is empty or holds whitespace
     */
    public NotificationAttempt {
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(ruleId, "ruleId");
        alertIds = List.copyOf(alertIds);
        if (alertIds.isEmpty() || alertIds.stream().anyMatch(id -> id.isEmpty() || id.chars().anyMatch(
                Character::isWhitespace))) {
            throw new IllegalArgumentException("alertIds must be one or more ids without whitespace, got "
                    + alertIds);
        }
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * {@link #timestampMillis()} as an instant: when the attempt ended.
     *
     * @return when the attempt ended
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /**
     * Whether nothing more will happen to the notification at this destination after this attempt: it was
     * delivered, failed for good, refused or dropped. A notification whose latest attempt is not final
     * ({@link Outcome#QUEUED}, {@link Outcome#RETRYING}) is sent again after a restart.
     *
     * @return whether the outcome is final
     */
    public boolean isFinal() {
        return outcome != Outcome.QUEUED && outcome != Outcome.RETRYING;
    }
}
