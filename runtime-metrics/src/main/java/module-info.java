/**
 * JVM and host metrics, the Micrometer registry, and the health score of LiteObs, one package each under
 * {@code io.liteobs.runtime}.
 */
// Micrometer's types are in this module's API (the registry is a MeterRegistry), so users must read it, though it is
// an automatic module until Micrometer ships a descriptor
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.liteobs.runtime {
    requires static org.jspecify;
    requires transitive io.liteobs.core;
    // the name Micrometer's manifest gives it
    requires transitive micrometer.core;
    requires org.slf4j;
    requires java.management;
    requires jdk.management;

    exports io.liteobs.runtime;
    exports io.liteobs.runtime.health;
    exports io.liteobs.runtime.host;
    exports io.liteobs.runtime.micrometer;
}
