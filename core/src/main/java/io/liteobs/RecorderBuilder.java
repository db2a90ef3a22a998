package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.spi.ObservabilityStore;
import java.time.Clock;
import java.util.Objects;

/** The settings every recorder built on its own takes. */
abstract class RecorderBuilder<B extends RecorderBuilder<B>> {

    final ObservabilityStore store;
    RecorderOptions options;
    WriterOptions writerOptions = WriterOptions.DEFAULT;
    Clock clock = LiteObsClock.system();

    RecorderBuilder(ObservabilityStore store, RecorderOptions defaultOptions) {
        this.store = Objects.requireNonNull(store, "store");
        this.options = defaultOptions;
    }

    abstract B self();

    /** The queue's capacity and overflow policy. */
    public B options(RecorderOptions recorderOptions) {
        this.options = Objects.requireNonNull(recorderOptions, "options");
        return self();
    }

    /** How the recorder's own writer thread batches. */
    public B writer(WriterOptions writer) {
        this.writerOptions = Objects.requireNonNull(writer, "writer");
        return self();
    }

    /**
     * The clock that stamps entries; {@link LiteObsClock#system()} unless set. A {@link LiteObsClock} (a
     * {@link ManualClock} in tests) also runs the writer's flush schedule and deadlines; see
     * {@link LiteObs.Builder#clock(Clock)}.
     */
    public B clock(Clock entryClock) {
        this.clock = Objects.requireNonNull(entryClock, "clock");
        return self();
    }

    /** A writer thread for this recorder alone, named after the store and the recorder. */
    BatchWriter newWriter(String component) {
        return new BatchWriter(store, writerOptions, "liteobs-writer-" + store.name() + "-" + component,
                LiteObsClock.of(clock));
    }
}
