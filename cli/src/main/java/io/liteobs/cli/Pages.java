package io.liteobs.cli;

import io.liteobs.Page;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** Reads every result of a paged query, one page of {@value Page#MAX_LIMIT} at a time, in bounded memory. */
final class Pages {

    private Pages() {
    }

    /**
     * Hands every result to {@code each}, in the query's order.
     *
     * @param pageAt the page of at most {@value Page#MAX_LIMIT} results after skipping the given offset
     */
    static <T> void forEach(IntFunction<List<T>> pageAt, Consumer<T> each) {
        int offset = 0;
        List<T> page;
        do {
            page = pageAt.apply(offset);
            page.forEach(each);
            offset += page.size();
        } while (page.size() == Page.MAX_LIMIT);
    }
}
