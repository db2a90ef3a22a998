package io.liteobs.sqlite;

import io.liteobs.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a LiteObs file holds and how large it is, as {@link SqliteFileInspector#stats(int)} reads it in one
 * snapshot.
 *
 * @param file          the database file
 * @param schemaVersion the schema version stored in the file
 * @param pageSize      bytes per page
 * @param pageCount     pages in the database file
 * @param freePages     pages that deletes freed and later writes reuse; {@code VACUUM} gives them back
 * @param fileBytes     the size of the database file
 * @param walBytes      the size of its {@code -wal} file; 0 when there is none
 * @param reserveBytes  the size of the disk reserve beside it ({@code -reserve}); 0 when there is none
 * @param tables        every table of the schema, in the order of the schema reference
 * @param seriesCount   the metric series described
 * @param busiestSeries the series with the most stored points, most first
 */
public record SqliteFileStats(Path file, int schemaVersion, long pageSize, long pageCount, long freePages,
                              long fileBytes, long walBytes, long reserveBytes, List<TableStats> tables,
                              long seriesCount, List<SeriesVolume> busiestSeries) {

    /**
     * Checks that the file is given and copies the lists.
     *
     * @param file the database file
     * @param schemaVersion the schema version stored in the file
     * @param pageSize bytes per page
     * @param pageCount pages in the database file
     * @param freePages pages that deletes freed and later writes reuse; {@code VACUUM} gives them back
     * @param fileBytes the size of the database file
     * @param walBytes the size of its {@code -wal} file; 0 when there is none
     * @param reserveBytes the size of the disk reserve beside it ({@code -reserve}); 0 when there is none
     * @param tables every table of the schema, in the order of the schema reference
     * @param seriesCount the metric series described
     * @param busiestSeries the series with the most stored points, most first
     * @throws NullPointerException when {@code file} or a list is null
     */
    public SqliteFileStats {
        Objects.requireNonNull(file, "file");
        tables = List.copyOf(tables);
        busiestSeries = List.copyOf(busiestSeries);
    }

    /**
     * Whether the bytes of each table were measured: SQLite's {@code dbstat} table is compiled in.
     *
     * @return whether the bytes of each table were measured
     */
    public boolean tableBytesMeasured() {
        return tables.stream().allMatch(table -> table.bytes() != null);
    }

    /**
     * One table.
     *
     * @param table        the table name
     * @param rows         its rows
     * @param bytes        the bytes of its pages and its indexes' pages; null when SQLite cannot say (no
     *                     {@code dbstat})
     * @param oldestMillis the oldest timestamp, epoch milliseconds; null for an empty table or one without times
     * @param newestMillis the newest timestamp, epoch milliseconds; null for an empty table or one without times
     */
    public record TableStats(String table, long rows, @Nullable Long bytes, @Nullable Long oldestMillis,
                             @Nullable Long newestMillis) {

        /**
         * Checks that the table name is given.
         *
         * @param table the table name
         * @param rows its rows
         * @param bytes the bytes of its pages and its indexes' pages; null when SQLite cannot say (no {@code dbstat})
         * @param oldestMillis the oldest timestamp, epoch milliseconds; null for an empty table or one without times
         * @param newestMillis the newest timestamp, epoch milliseconds; null for an empty table or one without times
         * @throws NullPointerException when {@code table} is null
         */
        public TableStats {
            Objects.requireNonNull(table, "table");
        }
    }

    /**
     * One metric series and its stored points.
     *
     * @param seriesId the store's id of the series
     * @param name     the metric name
     * @param labels   the series' labels
     * @param points   its stored points
     */
    public record SeriesVolume(long seriesId, String name, Labels labels, long points) {

        /**
         * Checks that the name and the labels are given.
         *
         * @param seriesId the store's id of the series
         * @param name the metric name
         * @param labels the series' labels
         * @param points its stored points
         * @throws NullPointerException when {@code name} or {@code labels} is null
         */
        public SeriesVolume {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(labels, "labels");
        }
    }
}
