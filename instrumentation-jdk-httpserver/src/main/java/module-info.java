/** Records every exchange of the JDK's built-in HTTP server through a LiteObs {@code HttpRequestLogger}. */
module io.liteobs.instrumentation.jdkhttp {
    requires static org.jspecify;
    requires transitive io.liteobs.core;
    requires transitive jdk.httpserver;
    requires org.slf4j;

    exports io.liteobs.instrumentation.jdkhttp;
}
