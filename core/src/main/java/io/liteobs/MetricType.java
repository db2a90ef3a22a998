package io.liteobs;

/** What kind of quantity a metric is; stored in {@code metrics_metadata.type}. */
public enum MetricType {
    /** A value that goes up and down; the default for points recorded without a description. */
    GAUGE,
    /** A count of events in one step (a Micrometer step counter) or a monotonically increasing total. */
    COUNTER,
    /** A duration; the unit says which. */
    TIMER,
    /** A distribution of sizes or amounts. */
    DISTRIBUTION;

    /**
     * The name stored in the database: lower case.
     *
     * @return the name stored in the database
     */
    public String storedName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The type for a stored name.
     *
     * @param name the type's name as stored, in any case
     * @return the type for a stored name
     * @throws IllegalArgumentException for an unknown name
     */
    public static MetricType fromStoredName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
