package io.liteobs.sqlite;

import io.liteobs.Page;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A query for the rows of {@code system_alerts}, read by {@link SqliteFileInspector#alerts}. Every filter left null
 * matches everything; filters combine with AND. Results are ordered by time in {@code direction}, ties broken by
 * insertion order.
 *
 * <pre>{@code
 * List<StoredAlert> open = inspector.alerts(new SystemAlertQuery(TimeRange.ALL, "critical", null, true,
 *         SortDirection.DESC, Page.DEFAULT));
 * }</pre>
 *
 * @param range     the time range
 * @param severity  exact severity, such as {@value io.liteobs.SystemAlert#SEVERITY_CRITICAL}, or null
 * @param source    exact source, such as {@code liteobs.audit}, or null
 * @param openOnly  only alerts not resolved yet
 * @param direction oldest or newest first
 * @param page      which of the ordered alerts are returned
 */
public record SystemAlertQuery(TimeRange range, @Nullable String severity, @Nullable String source, boolean openOnly,
                               SortDirection direction, Page page) {

    /**
     * Checks that the range, the direction and the page are given.
     *
     * @param range the time range
     * @param severity exact severity, such as {@value io.liteobs.SystemAlert#SEVERITY_CRITICAL}, or null
     * @param source exact source, such as {@code liteobs.audit}, or null
     * @param openOnly only alerts not resolved yet
     * @param direction oldest or newest first
     * @param page which of the ordered alerts are returned
     * @throws NullPointerException when one of them is null
     */
    public SystemAlertQuery {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(page, "page");
    }
}
