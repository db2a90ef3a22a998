package io.liteobs.http;

import io.liteobs.LiteObs;
import io.liteobs.LatestValue;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricType;
import io.liteobs.RecorderStats;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.runtime.health.HealthReport;
import io.liteobs.spi.StoreReader;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * {@code /metrics}: the latest value of each stored series, the recorders' counters and the health score, written
 * by the Prometheus Java client's text and OpenMetrics writers. At most {@code maxSeries} stored series seen within
 * {@code maxAge} are exposed, the most recently seen first, read in one query where the store can.
 * {@code liteobs_scrape_limited} is 1 when the limit left series out, and {@code liteobs_scrape_series_skipped}
 * counts series left out because their Prometheus name or labels clash with another's.
 *
 * <p>A stored series is exposed as a gauge: a stored counter holds the increment of its step, not a running total,
 * so it is the increment of the latest step that is shown, and its HELP says so.
 */
final class PrometheusScrape {

    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private final StoreReader reader;
    private final @Nullable LiteObs obs;
    private final @Nullable LiteObsRuntime runtime;
    private final Clock clock;
    private final int maxSeries;
    private final Duration maxAge;
    private final Map<io.liteobs.Labels, Optional<Labels>> exposedLabels = new ConcurrentHashMap<>();

    PrometheusScrape(StoreReader reader, @Nullable LiteObs obs, @Nullable LiteObsRuntime runtime, Clock clock,
                     int maxSeries, Duration maxAge) {
        this.reader = reader;
        this.obs = obs;
        this.runtime = runtime;
        this.clock = clock;
        this.maxSeries = maxSeries;
        this.maxAge = maxAge;
    }

    /** A scrape's body and its content type. */
    record Scrape(String contentType, byte[] body) {
    }

    /** Scrapes in the format the {@code Accept} header asks for: OpenMetrics when asked, else the text format. */
    Scrape scrape(@Nullable String accept) {
        ExpositionFormatWriter writer = FORMATS.findWriter(accept);
        if (!writer.getContentType().startsWith("application/openmetrics-text")) {
            // the text format for anyone else, also a scraper asking for protobuf, which is not served
            writer = FORMATS.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        try {
            writer.write(body, snapshots());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scrape(writer.getContentType(), body.toByteArray());
    }

    /** Every family of the scrape: the library's own first, so that a stored metric cannot take their names. */
    MetricSnapshots snapshots() {
        Families families = new Families();
        if (obs != null) {
            addRecorderCounters(families, obs.stats());
            families.add(GaugeSnapshot.builder().name("liteobs_store_writable")
                    .help("1 while LiteObs can write to its store, 0 while it is degraded or closed")
                    .dataPoint(gauge(obs.storeStatus().isOk() ? 1 : 0, Labels.EMPTY)).build());
        }
        if (runtime != null) {
            HealthReport health = runtime.health();
            families.add(GaugeSnapshot.builder().name("liteobs_health_score")
                    .help("The health score, from 0 (unhealthy) to 100 (healthy)")
                    .dataPoint(gauge(health.score(), Labels.EMPTY)).build());
        }
        long oldest = clock.millis() - maxAge.toMillis();
        // one more than the limit tells whether the limit left any out
        List<LatestValue> latest = maxSeries > 0 ? reader.latestValues(oldest, maxSeries + 1) : List.of();
        int skipped = addStoredSeries(families, latest.subList(0, Math.min(latest.size(), maxSeries)));
        families.add(GaugeSnapshot.builder().name("liteobs_scrape_limited")
                .help("1 when the series limit left stored series out of this scrape, else 0")
                .dataPoint(gauge(latest.size() > maxSeries ? 1 : 0, Labels.EMPTY)).build());
        families.add(GaugeSnapshot.builder().name("liteobs_scrape_series_skipped")
                .help("Stored series left out of this scrape because their name or labels clash with another's")
                .dataPoint(gauge(skipped, Labels.EMPTY)).build());
        return new MetricSnapshots(families.snapshots);
    }

    private static void addRecorderCounters(Families families, List<RecorderStats> stats) {
        Map<String, ToLongFunction<RecorderStats>> counters = new LinkedHashMap<>();
        counters.put("offered", RecorderStats::offered);
        counters.put("persisted", RecorderStats::persisted);
        counters.put("dropped", RecorderStats::dropped);
        counters.put("rejected", RecorderStats::rejected);
        counters.put("failed", RecorderStats::failed);
        counters.forEach((outcome, count) -> {
            CounterSnapshot.Builder counter = CounterSnapshot.builder().name("liteobs_recorder_" + outcome)
                    .help("Entries " + outcome + " by each LiteObs recorder since it started");
            stats.forEach(s -> counter.dataPoint(CounterDataPointSnapshot.builder().value(count.applyAsLong(s))
                    .labels(Labels.of("component", s.component())).build()));
            families.add(counter.build());
        });
        GaugeSnapshot.Builder queued = GaugeSnapshot.builder().name("liteobs_recorder_queued")
                .help("Entries waiting in each LiteObs recorder's queue or in the writer's batch");
        stats.forEach(s -> queued.dataPoint(gauge(s.queued(), Labels.of("component", s.component()))));
        families.add(queued.build());
    }

    /** Adds a gauge per metric of its series' latest values; returns how many series clashed and were skipped. */
    private int addStoredSeries(Families families, List<LatestValue> latest) {
        int skipped = 0;
        Map<String, List<LatestValue>> byName = new TreeMap<>();
        latest.forEach(value -> byName.computeIfAbsent(value.series().name(), n -> new ArrayList<>()).add(value));
        for (List<LatestValue> valuesOfName : byName.values()) {
            MetricMetadata first = valuesOfName.get(0).series();
            PrometheusNames.ExposedUnit unit = PrometheusNames.unit(first.unit());
            String name = PrometheusNames.metricName(first.name(), unit);
            if (families.taken(name)) {
                skipped += valuesOfName.size();
                continue;
            }
            GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help(first));
            if (unit.unit() != null) {
                gauge.unit(unit.unit());
            }
            Set<Labels> seen = new HashSet<>();
            for (LatestValue value : valuesOfName) {
                Labels prometheusLabels = labels(value.series().labels());
                if (prometheusLabels != null && seen.add(prometheusLabels)) {
                    gauge.dataPoint(gauge(unit.convert(value.value()), prometheusLabels));
                } else {
                    skipped++;
                }
            }
            if (!seen.isEmpty()) {
                families.add(gauge.build());
            }
        }
        return skipped;
    }

    private static String help(MetricMetadata series) {
        String description = series.description() != null && !series.description().isBlank()
                ? series.description() : series.name();
        String help = description + (series.unit() != null ? " (stored in " + series.unit() + ")" : "");
        return series.type() == MetricType.COUNTER ? help + "; the increment of the latest step" : help;
    }

    /**
     * The labels in Prometheus's character set, remembered from one scrape to the next (series change rarely); null
     * when two keys become the same name.
     */
    private @Nullable Labels labels(io.liteobs.Labels stored) {
        if (stored.isEmpty()) {
            return Labels.EMPTY;
        }
        if (exposedLabels.size() > 2 * Math.max(maxSeries, 1_000)) {
            exposedLabels.clear(); // bounded: series come and go
        }
        return exposedLabels.computeIfAbsent(stored, PrometheusScrape::translate).orElse(null);
    }

    private static Optional<Labels> translate(io.liteobs.Labels stored) {
        Map<String, String> map = stored.asMap();
        String[] names = new String[map.size()];
        String[] values = new String[map.size()];
        Set<String> distinct = new HashSet<>();
        int i = 0;
        for (Map.Entry<String, String> label : map.entrySet()) {
            names[i] = PrometheusNames.labelName(label.getKey());
            values[i++] = label.getValue();
            if (!distinct.add(names[i - 1])) {
                return Optional.empty();
            }
        }
        return Optional.of(Labels.of(names, values));
    }

    private static GaugeDataPointSnapshot gauge(double value, Labels labels) {
        return GaugeDataPointSnapshot.builder().value(value).labels(labels).build();
    }

    /** The families of one scrape, and the sample names they take. */
    private static final class Families {
        final List<MetricSnapshot> snapshots = new ArrayList<>();
        private final Set<String> names = new HashSet<>();

        boolean taken(String name) {
            return names.contains(name);
        }

        void add(MetricSnapshot snapshot) {
            String name = snapshot.getMetadata().getPrometheusName();
            names.add(name);
            if (snapshot instanceof CounterSnapshot) {
                names.add(name + "_total");
                names.add(name + "_created");
            }
            snapshots.add(snapshot);
        }
    }
}
