/**
 * An HTTP side for LiteObs: a JSON API over every query, Prometheus {@code /metrics}, the {@code /healthz} and
 * {@code /readyz} probes, and a dashboard, as server-neutral handlers ({@link io.liteobs.http.LiteObsHttpHandler}
 * over an {@link io.liteobs.http.HttpExchangeAdapter}) and the JDK server that mounts them
 * ({@link io.liteobs.http.LiteObsHttpServer}).
 */
@NullMarked
package io.liteobs.http;

import org.jspecify.annotations.NullMarked;
