package io.liteobs.instrumentation.jdkhttp;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestLogger;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.common.internal.RequestCorrelation;
import io.liteobs.common.internal.ThrottledLogger;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Records every exchange of a JDK {@code HttpServer} context into LiteObs: method, path, query, status, duration
 * (from {@link System#nanoTime()}, to the nanosecond), request and response sizes, client address, user agent, the
 * user of the {@link HttpPrincipal}, and the trace id of a W3C {@code traceparent} header. Which of the optional parts
 * (user, client address, user agent, query) reach the file is the {@link HttpRequestLogger}'s choice, none by
 * default; the filter hands over what it knows.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * HttpContext orders = server.createContext("/orders", ordersHandler);
 * orders.getFilters().add(LiteObsHttpFilter.create(obs.http()));
 * }</pre>
 *
 * <p>Each request gets a request id: the caller's {@value #DEFAULT_REQUEST_ID_HEADER} header when it is usable (1 to
 * 128 visible ASCII characters), else a new UUIDv7. The id is recorded, echoed in the response header of the same
 * name, and given to the handler as the exchange attribute {@value #REQUEST_ID_ATTRIBUTE}; the header's name can be
 * changed, or request ids switched off, in the {@link Builder}.
 *
 * <p>On the request thread the filter reads the clock at the start and the end, builds the record and offers it to
 * the logger's queue; the writer thread does the rest. A handler that throws is recorded with status 500 and the
 * exception goes on to the server unchanged. Recording never throws into the request.
 */
public final class LiteObsHttpFilter extends Filter {

    /** The request id header unless the builder names another. */
    public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-Id";

    /** The exchange attribute that holds the request id, for handlers that log it or pass it on. */
    public static final String REQUEST_ID_ATTRIBUTE = "io.liteobs.requestId";

    /** The status recorded for a handler that threw, or that returned without sending a response. */
    static final int FAILED_STATUS = 500;

    private static final ThrottledLogger LOG =
            new ThrottledLogger(LoggerFactory.getLogger(LiteObsHttpFilter.class), 1, TimeUnit.MINUTES);

    private final HttpRequestLogger requests;
    private final @Nullable String requestIdHeader;
    private final RouteResolver routes;

    private LiteObsHttpFilter(Builder builder) {
        this.requests = builder.requests;
        this.requestIdHeader = builder.requestIdHeader;
        this.routes = builder.routes;
    }

    /**
     * A filter with the defaults: request ids in {@value #DEFAULT_REQUEST_ID_HEADER}, no route templates.
     *
     * @param requests the logger, usually {@code obs.http()}; not null
     * @return a filter with the defaults
     */
    public static LiteObsHttpFilter create(HttpRequestLogger requests) {
        return builder(requests).build();
    }

    /**
     * A builder of a filter that records into {@code requests}.
     *
     * @param requests the logger, usually {@code obs.http()}; not null
     * @return a builder of a filter that records into {@code requests}
     */
    public static Builder builder(HttpRequestLogger requests) {
        return new Builder(requests);
    }

    @Override
    public String description() {
        return "LiteObs: records each request into " + requests;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        String requestId = null;
        if (requestIdHeader != null) {
            requestId = RequestCorrelation.requestId(exchange.getRequestHeaders().getFirst(requestIdHeader));
            exchange.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
            exchange.getResponseHeaders().set(requestIdHeader, requestId);
        }
        CountingOutputStream responseBody = new CountingOutputStream(exchange.getResponseBody());
        exchange.setStreams(null, responseBody);
        Throwable failure = null;
        try {
            chain.doFilter(exchange);
        } catch (Throwable e) {
            failure = e;
            throw e;
        } finally {
            record(exchange, startMillis, System.nanoTime() - startNanos, requestId, responseBody.count(), failure);
        }
    }

    private void record(HttpExchange exchange, long startMillis, long durationNanos, @Nullable String requestId,
                        long responseBytes, @Nullable Throwable failure) {
        int status = exchange.getResponseCode();
        URI uri = exchange.getRequestURI();
        Headers headers = exchange.getRequestHeaders();
        HttpPrincipal principal = exchange.getPrincipal();
        InetSocketAddress client = exchange.getRemoteAddress();
        HttpRequest.Builder request = HttpRequest.builder(exchange.getRequestMethod(), uri.getRawPath())
                .route(routeOf(exchange))
                .status(failure == null && status > 0 ? status : FAILED_STATUS)
                .startedAt(Instant.ofEpochMilli(startMillis))
                .durationNanos(durationNanos)
                .responseBytes(responseBytes)
                .requestId(requestId)
                .traceId(RequestCorrelation.traceId(headers.getFirst("traceparent")))
                .user(principal == null ? null : principal.getUsername())
                .clientAddress(client == null || client.getAddress() == null ? null
                        : client.getAddress().getHostAddress())
                .userAgent(headers.getFirst("User-Agent"))
                .query(uri.getRawQuery())
                .error(failure == null ? null : failure.toString());
        long requestBytes = contentLength(headers.getFirst("Content-Length"));
        if (requestBytes >= 0) {
            request.requestBytes(requestBytes);
        }
        requests.record(request.build());
    }

    /** The resolver's route; none, so that the logger makes one from the path, when the resolver throws. */
    private @Nullable String routeOf(HttpExchange exchange) {
        try {
            return routes.route(exchange);
        } catch (RuntimeException e) {
            LOG.warn("The route resolver {} failed on {} {}, the path stands for the route: {}", LogSafe.text(routes),
                    LogSafe.text(exchange.getRequestMethod()), LogSafe.text(exchange.getRequestURI().getRawPath()),
                    LogSafe.text(e));
            return null;
        }
    }

    /** The request's size from its Content-Length header; -1 when there is none or it is not a number. */
    private static long contentLength(@Nullable String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Builds a {@link LiteObsHttpFilter}. */
    public static final class Builder {
        private final HttpRequestLogger requests;
        private @Nullable String requestIdHeader = DEFAULT_REQUEST_ID_HEADER;
        private RouteResolver routes = RouteResolver.NONE;

        private Builder(HttpRequestLogger requests) {
            this.requests = Objects.requireNonNull(requests, "requests");
        }

        /**
         * The header that carries the request id in and out; {@value LiteObsHttpFilter#DEFAULT_REQUEST_ID_HEADER} by
         * default.
         *
         * @param name an HTTP header name; not null
         * @return this builder
         * @throws IllegalArgumentException when the name is not an HTTP header name
         */
        public Builder requestIdHeader(String name) {
            this.requestIdHeader = RequestCorrelation.checkHeaderName("requestIdHeader", name);
            return this;
        }

        /**
         * No request ids: none is read, made up, echoed or recorded.
         *
         * @return this builder
         */
        public Builder withoutRequestIds() {
            this.requestIdHeader = null;
            return this;
        }

        /**
         * Where the route template of an exchange comes from, for applications that know their routes; by default
         * none, and the logger turns the path into a route itself (ids become placeholders).
         *
         * @param resolver not null; see {@link RouteResolver#contextPath()}
         * @return this builder
         */
        public Builder routes(RouteResolver resolver) {
            this.routes = Objects.requireNonNull(resolver, "routes");
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter, to add to each {@code HttpContext} whose requests are recorded
         */
        public LiteObsHttpFilter build() {
            return new LiteObsHttpFilter(this);
        }
    }
}
