package io.liteobs.sqlite;

import io.liteobs.SystemAlert;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code system_alerts}: the alert, and when it was resolved.
 *
 * @param alert            the alert as it was raised
 * @param resolvedAtMillis when it was resolved, epoch milliseconds; null while it is open
 */
public record StoredAlert(SystemAlert alert, @Nullable Long resolvedAtMillis) {

    /**
     * Checks that the alert is given.
     *
     * @param alert the alert as it was raised
     * @param resolvedAtMillis when it was resolved, epoch milliseconds; null while it is open
     * @throws NullPointerException when {@code alert} is null
     */
    public StoredAlert {
        Objects.requireNonNull(alert, "alert");
    }
}
