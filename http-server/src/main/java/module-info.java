/**
 * The HTTP side of LiteObs: server-neutral handlers (JSON API, Prometheus {@code /metrics}, probes, dashboard) and
 * the JDK's built-in server that mounts them.
 */
// the Prometheus exposition libraries are automatic modules until they ship descriptors
@SuppressWarnings("requires-automatic")
module io.liteobs.http {
    requires static org.jspecify;
    requires transitive io.liteobs.core;
    requires transitive io.liteobs.runtime;
    // the builder takes the objectives /api/slo reports
    requires transitive io.liteobs.alerting;
    requires transitive jdk.httpserver;
    requires com.fasterxml.jackson.databind;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;
    requires org.slf4j;

    exports io.liteobs.http;
    // the JSON answers are package-private records that Jackson reads reflectively
    opens io.liteobs.http to com.fasterxml.jackson.databind;
}
