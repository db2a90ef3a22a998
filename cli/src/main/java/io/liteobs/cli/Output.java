package io.liteobs.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a command writes its results, in the format asked for: one or more sections (tables), each of columns and
 * rows. Rows are written as they come, except by the aligned table, which needs them all to size its columns.
 * Closing finishes the document; it does not close the stream.
 */
interface Output extends AutoCloseable {

    /** Starts a section; its rows follow. A command with one section names it after what it lists. */
    void section(String name, List<Column> columns);

    /** One row of the current section, a value per column, of the Java type its {@link Column.Kind} says. */
    void row(@Nullable Object... values);

    /** Finishes the document and flushes it. */
    @Override
    void close();
}
