package io.liteobs;

import java.util.Objects;

/**
 * What the builders of the paged queries share: the time range, the direction of the order and the page. Defaults:
 * all time, newest first, the first {@value Page#DEFAULT_LIMIT} results. A query that orders by more than time
 * names its key with {@code orderBy} ({@link AuditQuery.Builder#orderBy(AuditOrder)}); the direction is always
 * {@link #direction(SortDirection)}.
 */
abstract class PagedQueryBuilder<B extends PagedQueryBuilder<B>> {

    TimeRange range = TimeRange.ALL;
    SortDirection direction = SortDirection.DESC;
    private int limit = Page.DEFAULT_LIMIT;
    private int offset;

    abstract B self();

    /** Only results in this range. */
    public B range(TimeRange range) {
        this.range = Objects.requireNonNull(range, "range");
        return self();
    }

    /** Ascending ({@link SortDirection#ASC}: oldest or smallest first) or descending; descending unless set. */
    public B direction(SortDirection direction) {
        this.direction = Objects.requireNonNull(direction, "direction");
        return self();
    }

    /** At most this many results, 1 to {@value Page#MAX_LIMIT}; {@value Page#DEFAULT_LIMIT} unless set. */
    public B limit(int limit) {
        this.limit = limit;
        return self();
    }

    /** Skip this many results first, for paging. */
    public B offset(int offset) {
        this.offset = offset;
        return self();
    }

    /** The page set, checked now so that {@code build()} fails naming {@code limit} or {@code offset}. */
    Page page() {
        return new Page(limit, offset);
    }
}
