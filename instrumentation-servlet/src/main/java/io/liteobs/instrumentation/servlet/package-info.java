/**
 * Records the requests of a Jakarta Servlet application into LiteObs, asynchronous ones included:
 * {@link io.liteobs.instrumentation.servlet.LiteObsServletFilter}.
 */
@NullMarked
package io.liteobs.instrumentation.servlet;

import org.jspecify.annotations.NullMarked;
