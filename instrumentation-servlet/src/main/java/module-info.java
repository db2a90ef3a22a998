/** Records every request of a Jakarta Servlet container through a LiteObs {@code HttpRequestLogger}. */
module io.liteobs.instrumentation.servlet {
    requires static org.jspecify;
    requires transitive io.liteobs.core;
    // provided by the servlet container at run time
    requires transitive static jakarta.servlet;
    requires org.slf4j;

    exports io.liteobs.instrumentation.servlet;
}
