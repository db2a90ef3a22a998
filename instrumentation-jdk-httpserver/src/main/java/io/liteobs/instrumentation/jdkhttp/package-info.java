/**
 * Records the requests of the JDK's own HTTP server ({@code com.sun.net.httpserver}) into LiteObs:
 * {@link io.liteobs.instrumentation.jdkhttp.LiteObsHttpFilter}.
 */
@NullMarked
package io.liteobs.instrumentation.jdkhttp;

import org.jspecify.annotations.NullMarked;
