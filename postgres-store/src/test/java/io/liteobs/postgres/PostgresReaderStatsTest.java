package io.liteobs.postgres;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.MetricMetadata;
import io.liteobs.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a reader tells of the database as a whole, and a series read a page at a time. */
class PostgresReaderStatsTest {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static final TimeRange ALL = TimeRange.between(Instant.ofEpochMilli(0), Instant.ofEpochMilli(T0 * 2));

    @Test
    void stats_countsEveryTable_andRanksSeriesWithTheirSource() {
        String url = postgres.createSchema();
        try (PostgresStore store = PostgresStore.open(PostgresOptions.builder(url).service("orders")
                .instance("orders-1").build())) {
            store.write(batch(audit("a-1", T0).build(), audit("a-2", T0 + 5).build(), point("latency", 1, T0),
                    point("latency", 2, T0 + 1), point("queue", 3, T0)));
        }

        try (PostgresReader reader = PostgresReader.open(PostgresOptions.of(url))) {
            PostgresStats stats = reader.stats(1);

            assertEquals(Schema.TABLES, stats.tables().stream().map(PostgresStats.TableStats::table).toList());
            PostgresStats.TableStats audit = stats.tables().get(Schema.TABLES.indexOf(Schema.AUDIT));
            assertEquals(2, audit.rows());
            assertTrue(audit.bytes() > 0, audit.toString());
            assertEquals(T0, audit.oldestMillis());
            assertEquals(T0 + 5, audit.newestMillis());
            assertNull(stats.tables().get(Schema.TABLES.indexOf(Schema.ALERTS)).oldestMillis(), "no alerts");
            assertEquals(Migrations.LATEST_VERSION, stats.schemaVersion());
            assertEquals(1, stats.sources());
            assertEquals(2, stats.seriesCount());
            PostgresStats.SeriesVolume busiest = stats.busiestSeries().get(0);
            assertEquals(List.of("latency", "orders", "orders-1", 2L), List.of(busiest.name(), busiest.service(),
                    busiest.instance(), busiest.points()));
            assertEquals(1, stats.busiestSeries().size());
            assertThrows(IllegalArgumentException.class, () -> reader.stats(PostgresReader.MAX_BUSIEST_SERIES + 1));
        }
    }

    @Test
    void seriesPoints_pageThroughPointsOfOneMillisecond_withoutLosingOrRepeatingAny() {
        String url = postgres.createSchema();
        try (PostgresStore store = PostgresStore.open(url)) {
            store.write(batch(point("latency", 1, T0), point("latency", 2, T0), point("latency", 3, T0),
                    point("latency", 4, T0 + 1), point("latency", 5, T0 - 1)));
        }

        try (PostgresReader reader = PostgresReader.open(PostgresOptions.of(url))) {
            MetricMetadata series = reader.findMetricMetadata("latency").get(0);
            List<Double> values = new ArrayList<>();
            PostgresReader.StoredPoint last = null;
            List<PostgresReader.StoredPoint> page;
            do {
                page = reader.seriesPoints(series.seriesId(), ALL, last, 2);
                page.forEach(point -> values.add(point.value()));
                last = page.isEmpty() ? last : page.get(page.size() - 1);
            } while (page.size() == 2);

            assertEquals(List.of(5.0, 1.0, 2.0, 3.0, 4.0), values);
            assertEquals(List.of(0L, 1L, 2L), reader.seriesPoints(series.seriesId(), TimeRange.between(
                    Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 1)), null, 10).stream()
                    .map(PostgresReader.StoredPoint::seq).toList());
        }
    }
}
