package io.liteobs.postgres;

import io.liteobs.Labels;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a LiteObs PostgreSQL database holds and how large its tables are, as {@link PostgresReader#stats(int)} reads
 * it in one snapshot.
 *
 * @param database      the database: host, port, database name and schema, without credentials
 * @param schemaVersion the schema version stored in the database
 * @param sources       the service instances that have opened a store on the database
 * @param tables        every table of the schema, in the order of the schema reference
 * @param seriesCount   the metric series described, of every source
 * @param busiestSeries the series with the most stored points, most first
 */
public record PostgresStats(String database, int schemaVersion, long sources, List<TableStats> tables,
                            long seriesCount, List<SeriesVolume> busiestSeries) {

    /**
     * Checks that the database is named and copies the lists.
     *
     * @param database the database: host, port, database name and schema, without credentials
     * @param schemaVersion the schema version stored in the database
     * @param sources the service instances that have opened a store on the database
     * @param tables every table of the schema, in the order of the schema reference
     * @param seriesCount the metric series described, of every source
     * @param busiestSeries the series with the most stored points, most first
     * @throws NullPointerException when {@code database} or a list is null
     */
    public PostgresStats {
        Objects.requireNonNull(database, "database");
        tables = List.copyOf(tables);
        busiestSeries = List.copyOf(busiestSeries);
    }

    /**
     * One table.
     *
     * @param table        the table name
     * @param rows         its rows
     * @param bytes        its size on disk with its indexes and TOAST data, as {@code pg_total_relation_size} gives
     *                     it
     * @param oldestMillis the oldest timestamp, epoch milliseconds; null for an empty table or one without times
     * @param newestMillis the newest timestamp, epoch milliseconds; null for an empty table or one without times
     */
    public record TableStats(String table, long rows, long bytes, @Nullable Long oldestMillis,
                             @Nullable Long newestMillis) {

        /**
         * Checks that the table name is given.
         *
         * @param table the table name
         * @param rows its rows
         * @param bytes its size on disk with its indexes and TOAST data, as {@code pg_total_relation_size} gives it
         * @param oldestMillis the oldest timestamp, epoch milliseconds; null for an empty table or one without times
         * @param newestMillis the newest timestamp, epoch milliseconds; null for an empty table or one without times
         * @throws NullPointerException when {@code table} is null
         */
        public TableStats {
            Objects.requireNonNull(table, "table");
        }
    }

    /**
     * One metric series, the source that writes it, and its stored points.
     *
     * @param seriesId the store's id of the series
     * @param name     the metric name
     * @param labels   the series' labels
     * @param service  the service name of the source that writes the series
     * @param instance the instance name of the source that writes the series
     * @param points   its stored points
     */
    public record SeriesVolume(long seriesId, String name, Labels labels, String service, String instance,
                               long points) {

        /**
         * Checks that the names and the labels are given.
         *
         * @param seriesId the store's id of the series
         * @param name the metric name
         * @param labels the series' labels
         * @param service the service name of the source that writes the series
         * @param instance the instance name of the source that writes the series
         * @param points its stored points
         * @throws NullPointerException when a name or the labels are null
         */
        public SeriesVolume {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(instance, "instance");
        }
    }
}
