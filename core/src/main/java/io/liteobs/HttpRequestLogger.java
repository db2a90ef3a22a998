package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.Json;
import io.liteobs.internal.RecordQueue;
import io.liteobs.internal.Rejection;
import io.liteobs.internal.Text;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Records the HTTP requests a service answers, one row each, asynchronously: each is committed within one flush
 * interval. Never throws into the caller and never blocks it (the queue drops when full, unless its
 * {@link OverflowPolicy} says otherwise); {@link #stats()} counts what became of every request. The filters of the
 * {@code liteobs-instrumentation-*} modules call {@link #record} for every request; code may call it too.
 *
 * <pre>{@code
 * HttpRequestLogger http = liteObs.http();
 * http.record(HttpRequest.builder("GET", "/orders/1001").route("/orders/{id}").status(200)
 *         .durationNanos(elapsed).build());
 * List<HttpRouteStats> lastHour = http.stats(HttpStatsQuery.builder(
 *         TimeRange.last(Duration.ofHours(1), Instant.now())).build());
 * }</pre>
 *
 * <p>Before a request is queued:
 * <ul>
 *   <li>it is rejected (counted, and the writer logs why) when the method is blank or holds control characters,
 *       the path is blank, the status is not 100 to 599, the duration is unset or negative, a size is negative, or a
 *       start time given is before 2000-01-01;</li>
 *   <li>the method is upper-cased, and one other than {@code GET}, {@code HEAD}, {@code POST}, {@code PUT},
 *       {@code DELETE}, {@code CONNECT}, {@code OPTIONS}, {@code TRACE} and {@code PATCH} is stored as
 *       {@value #OTHER_METHOD}, so that clients cannot make routes of their own;</li>
 *   <li>a query string left in the path is split off, and the route is chosen by {@link #routes()};</li>
 *   <li>the user, client address, user agent and query string are cleared unless {@link HttpLoggingOptions}
 *       include them; the path, query string, ids and error pass through the {@link RedactionPolicy}, and text is
 *       cleaned and cut as in the other recorders.</li>
 * </ul>
 */
public final class HttpRequestLogger extends CheckingRecorder<HttpRequest> {

    /** The name of this recorder in counters and logs. */
    public static final String COMPONENT = "http";
    /** The method stored for a request whose method is not one of the standard ones. */
    public static final String OTHER_METHOD = "OTHER";
    /** The longest path kept, in characters; a longer one is cut. */
    public static final int MAX_PATH = 2048;

    private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT",
            "OPTIONS", "TRACE", "PATCH");
    private static final int STATUS_MIN = 100;
    private static final int STATUS_MAX = 599;

    private final HttpLoggingOptions options;
    private final HttpRoutes routes;

    HttpRequestLogger(ObservabilityStore store, Clock clock, RedactionPolicy redaction, HttpLoggingOptions options,
                      BatchWriter writer, boolean ownsWriter) {
        super(store, clock, redaction, writer, ownsWriter,
                writer.register(new RecordQueue<>(COMPONENT, options.queue(), WriteBatch.Buffer::httpRequests,
                        null)));
        this.options = options;
        this.routes = HttpRoutes.withMaxRoutes(options.maxRoutes());
    }

    /**
     * A builder for a logger of its own over {@code store}, with its own writer thread. The store stays the caller's
     * to close. To record requests beside the other recorders, use {@link LiteObs#http()}.
     *
     * @param store the store to write to; it stays the caller's to close
     * @return a builder for a logger of its own over {@code store}, with its own writer thread
     */
    public static Builder builder(ObservabilityStore store) {
        return new Builder(store);
    }

    /**
     * Queues the request.
     *
     * @param request the request; null is rejected
     * @return whether it was queued (false: rejected, dropped on overflow, or the logger is closed)
     */
    public boolean record(HttpRequest request) {
        return offer(request);
    }

    /**
     * What this logger stores, and its cap on routes.
     *
     * @return what this logger stores, and its cap on routes
     */
    public HttpLoggingOptions options() {
        return options;
    }

    /**
     * The route templates and their cap, as this logger applies them.
     *
     * @return the route templates and their cap, as this logger applies them
     */
    public HttpRoutes routes() {
        return routes;
    }

    /**
     * The stored requests matching the query. Requests still queued are not seen.
     *
     * @param query which requests: range, filters, order and page
     * @return the stored requests matching the query
     * @throws io.liteobs.spi.StoreException when the store cannot be read
     */
    public List<HttpRequest> query(HttpRequestQuery query) {
        return store.findHttpRequests(Objects.requireNonNull(query, "query"));
    }

    /**
     * Per-route statistics of the stored requests, computed by the store over every row in range.
     *
     * @param query the range, the step, and the routes and methods to include
     * @return per-route statistics of the stored requests, computed by the store over every row in range
     * @throws io.liteobs.spi.StoreException when the store cannot be read
     */
    public List<HttpRouteStats> stats(HttpStatsQuery query) {
        return store.httpRouteStats(Objects.requireNonNull(query, "query"));
    }

    @Override
    @Nullable HttpRequest normalise(HttpRequest request) {
        if (request == null) {
            return rejected("request", Rejection.Problem.MISSING);
        }
        if (!isName("method", request.method()) || !isValid(request)) {
            return null;
        }
        String rawPath = request.path();
        int queryStart = rawPath.indexOf('?');
        String path = Objects.requireNonNull(Json.redactText(queryStart < 0 ? rawPath : rawPath.substring(0,
                queryStart), MAX_PATH, false, redaction));
        String query = request.query() != null || queryStart < 0 ? request.query() : rawPath.substring(queryStart + 1);
        // a blank route is no route: the path makes one
        String frameworkRoute = request.route() == null || request.route().isBlank() ? null
                : Text.clean(request.route(), Text.MAX_SHORT, false);
        return new HttpRequest(timestampOrNow(request.timestampMillis(), HttpRequest.UNSET_TIME),
                method(request.method()), path, routes.routeOf(frameworkRoute, path, request.status()),
                request.status(), request.durationNanos(), request.requestBytes(), request.responseBytes(),
                shortText(request.requestId()), shortText(request.traceId()),
                included(HttpInclude.USER, request.user()), included(HttpInclude.CLIENT_ADDRESS,
                        request.clientAddress()), included(HttpInclude.USER_AGENT, request.userAgent()),
                options.includes(HttpInclude.QUERY) ? longText(query) : null, longText(request.error()));
    }

    /** Whether every field but the method is valid; when one is not, the request is counted as rejected. */
    private boolean isValid(HttpRequest request) {
        if (request.path() == null || request.path().isBlank()) {
            rejected("path", Rejection.Problem.MISSING);
            return false;
        }
        if (request.status() < STATUS_MIN || request.status() > STATUS_MAX) {
            rejected("status", Rejection.Problem.NOT_AN_HTTP_STATUS);
            return false;
        }
        if (request.durationNanos() == HttpRequest.UNSET_DURATION) {
            rejected("duration", Rejection.Problem.MISSING);
            return false;
        }
        return isNotNegative("duration", request.durationNanos())
                && isNotNegative("requestBytes", request.requestBytes())
                && isNotNegative("responseBytes", request.responseBytes())
                && isTime(request.timestampMillis(), HttpRequest.UNSET_TIME);
    }

    private boolean isNotNegative(String field, @Nullable Long value) {
        if (value != null && value < 0) {
            rejected(field, Rejection.Problem.NEGATIVE);
            return false;
        }
        return true;
    }

    private static String method(String method) {
        String upper = method.toUpperCase(Locale.ROOT);
        return STANDARD_METHODS.contains(upper) ? upper : OTHER_METHOD;
    }

    /** The optional part, cleaned and redacted, when the options include it; null otherwise. */
    private @Nullable String included(HttpInclude part, @Nullable String value) {
        return options.includes(part) ? shortText(value) : null;
    }

    /**
     * Builds an {@link HttpRequestLogger} of its own; defaults: {@link RecorderOptions#HTTP_DEFAULT}, nothing
     * optional stored, {@value HttpRoutes#DEFAULT_MAX_ROUTES} routes.
     */
    public static final class Builder extends CheckingRecorder.Builder<Builder> {
        private final Set<HttpInclude> include = EnumSet.noneOf(HttpInclude.class);
        private int maxRoutes = HttpRoutes.DEFAULT_MAX_ROUTES;

        private Builder(ObservabilityStore store) {
            super(store, RecorderOptions.HTTP_DEFAULT);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Stores these optional parts too; see {@link HttpLoggingOptions#include()}.
         *
         * @param parts the optional parts of a request to store
         * @return this builder
         */
        public Builder include(HttpInclude... parts) {
            for (HttpInclude part : parts) {
                include.add(Objects.requireNonNull(part, "include"));
            }
            return this;
        }

        /**
         * The cap on distinct routes; see {@link HttpLoggingOptions#maxRoutes()}.
         *
         * @param routes the cap on distinct routes
         * @return this builder
         */
        public Builder maxRoutes(int routes) {
            this.maxRoutes = routes;
            return this;
        }

        /**
         * A logger with its own writer thread, running.
         *
         * @return a logger with its own writer thread, running
         * @throws IllegalArgumentException naming {@code maxRoutes} when out of range
         */
        public HttpRequestLogger build() {
            HttpLoggingOptions logging = new HttpLoggingOptions(options, include, maxRoutes);
            return new HttpRequestLogger(store, clock, redaction, logging, newWriter(COMPONENT), true);
        }
    }
}
