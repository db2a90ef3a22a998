/**
 * Alerting for LiteObs: rules evaluated on the shared scheduler, alert state kept in the store, webhook delivery.
 */
module io.liteobs.alerting {
    requires static org.jspecify;
    requires transitive io.liteobs.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires java.net.http;
    requires java.management;
    requires org.slf4j;

    exports io.liteobs.alerting;
}
