package io.liteobs.runtime.health;

/** A figure the health score judges, with the resource explain mode tells more about. */
public enum Indicator {
    /** Host CPU busy, all cores: a ratio from 0 to 1. */
    CPU(Resource.CPU, "ratio"),
    /** Host memory not available (total minus MemAvailable) over total: a ratio. */
    MEMORY(Resource.MEMORY, "ratio"),
    /** Swap in use over swap space: a ratio; 0 without swap. */
    SWAP(Resource.MEMORY, "ratio"),
    /** The fullest file system, used over used plus available: a ratio. */
    DISK(Resource.DISK, "ratio"),
    /** The share of CPU time this JVM spent in GC over the last five minutes: a ratio. */
    GC_OVERHEAD(Resource.JVM, "ratio"),
    /** The long-lived heap pool in use after its latest collection: a ratio. */
    HEAP_AFTER_GC(Resource.JVM, "ratio"),
    /** This JVM's live threads: a count. */
    THREADS(Resource.JVM, "threads");

    private final Resource resource;
    private final String unit;

    Indicator(Resource resource, String unit) {
        this.resource = resource;
        this.unit = unit;
    }

    /**
     * The resource to explain when this indicator is a bottleneck.
     *
     * @return the resource to explain when this indicator is a bottleneck
     */
    public Resource resource() {
        return resource;
    }

    /**
     * The unit of its value: {@code ratio} or {@code threads}.
     *
     * @return the unit of its value
     */
    public String unit() {
        return unit;
    }
}
