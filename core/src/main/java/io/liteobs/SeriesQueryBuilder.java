package io.liteobs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What the builders of the metric queries share: the metric, the labels its series must carry, the range. */
abstract class SeriesQueryBuilder<B extends SeriesQueryBuilder<B>> {

    private final String name;
    private Labels labels = Labels.empty();
    @Nullable TimeRange range;

    /** @param defaultRange the range unless one is set; null when a range is required */
    SeriesQueryBuilder(String name, @Nullable TimeRange defaultRange) {
        this.name = name;
        this.range = defaultRange;
    }

    abstract B self();

    /** Only series carrying all of these labels; every series unless set. */
    public B labels(Labels labels) {
        this.labels = Objects.requireNonNull(labels, "labels");
        return self();
    }

    /** Only points in this range. */
    public B range(TimeRange range) {
        this.range = Objects.requireNonNull(range, "range");
        return self();
    }

    /** The series selected, checked now so that {@code build()} fails naming the parameter. */
    SeriesSelector series() {
        return new SeriesSelector(name, labels, Objects.requireNonNull(range, "range"));
    }
}
