/**
 * LiteObs core: the recording API ({@code io.liteobs}), the store SPI ({@code io.liteobs.spi}) and the in-memory
 * reference store ({@code io.liteobs.memory}). The writer's internals are not exported; the internals that other
 * LiteObs modules share are exported to those modules only.
 */
// the modules that core's qualified exports name are built after core: javac cannot see them yet
@SuppressWarnings("module")
module io.liteobs.core {
    // nullness annotations on the API: read by compilers and IDEs, not needed at run time
    requires static transitive org.jspecify;
    // relocated into this jar (io.liteobs.internal.shaded.jctools) when it is packaged: never a module at run time
    requires static org.jctools.core;
    // the relocated JCTools reaches sun.misc.Unsafe, which this module reads through jdk.unsupported
    requires jdk.unsupported;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires java.management;
    requires jdk.management;

    exports io.liteobs;
    exports io.liteobs.spi;
    exports io.liteobs.memory;
    // io.liteobs.spring: the Spring Boot module's WebFlux filter correlates requests as the servlet filter does
    exports io.liteobs.common.internal to io.liteobs.runtime, io.liteobs.alerting, io.liteobs.instrumentation.jdkhttp,
            io.liteobs.instrumentation.servlet, io.liteobs.spring;
}
