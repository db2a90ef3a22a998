package io.liteobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request a service answered, as {@link HttpRequestLogger} stores it and its queries return it.
 *
 * <pre>{@code
 * obs.http().record(HttpRequest.builder("GET", "/orders/1001")
 *         .route("/orders/{id}")
 *         .status(200)
 *         .durationNanos(System.nanoTime() - started)
 *         .responseBytes(512)
 *         .requestId(requestId)
 *         .build());
 * }</pre>
 *
 * <p>Authorization, cookies and other headers have no field: they are never stored. The user, client address, user
 * agent and query string are stored only when the logger's {@link HttpLoggingOptions} include them; the logger
 * clears them otherwise, before the request is queued.
 *
 * @param timestampMillis when the request started, epoch milliseconds; {@link #UNSET_TIME} until recorded
 * @param method          the request method, such as {@code GET}; required
 * @param path            the request path, without the query string; required
 * @param route           the route template, such as {@code /orders/{id}}; null until recorded when the framework
 *                        knows none, and then the logger's {@link HttpRoutes} makes one from the path
 * @param status          the response status, 100 to 599
 * @param durationNanos   how long the request took, in nanoseconds; {@link #UNSET_DURATION} until set
 * @param requestBytes    the size of the request body in bytes, or null when unknown
 * @param responseBytes   the size of the response body in bytes, or null when unknown
 * @param requestId       the request id, or null
 * @param traceId         the trace id, when one is known, or null
 * @param user            who made the request, or null; stored with {@link HttpInclude#USER} only
 * @param clientAddress   the client's address, or null; stored with {@link HttpInclude#CLIENT_ADDRESS} only
 * @param userAgent       the {@code User-Agent} header, or null; stored with {@link HttpInclude#USER_AGENT} only
 * @param query           the query string, without the {@code ?}, or null; stored with {@link HttpInclude#QUERY}
 *                        only, and redacted
 * @param error           what failed (an exception's class and message), or null
 */
public record HttpRequest(long timestampMillis, String method, String path, @Nullable String route, int status,
                          long durationNanos, @Nullable Long requestBytes, @Nullable Long responseBytes,
                          @Nullable String requestId, @Nullable String traceId, @Nullable String user,
                          @Nullable String clientAddress, @Nullable String userAgent, @Nullable String query,
                          @Nullable String error) {

    /** The timestamp of a request the logger has not stamped yet. */
    public static final long UNSET_TIME = Long.MIN_VALUE;
    /** The duration of a request whose duration was not set: the logger rejects it. */
    public static final long UNSET_DURATION = -1;

    /**
     * A builder for a request of {@code method} on {@code path}.
     *
     * @param method the request method, such as {@code GET}; required
     * @param path the request path, without the query string; required
     * @return a builder for a request of {@code method} on {@code path}
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }


    /**
     * {@link #timestampMillis()} as an instant: when the request started, as {@link #startedAt()} also says.
     *
     * @return when the request started
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }
    /**
     * When the request started.
     *
     * @return when the request started
     */
    public Instant startedAt() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /**
     * How long the request took.
     *
     * @return how long the request took
     */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    /**
     * How long the request took in milliseconds, with the fraction: what the store keeps and the statistics use.
     *
     * @return how long the request took in milliseconds, with the fraction
     */
    public double durationMillis() {
        return durationNanos / 1e6;
    }

    /** Builds an {@link HttpRequest}; only the method, path, status and duration are needed. */
    public static final class Builder {
        private final String method;
        private final String path;
        private long timestampMillis = UNSET_TIME;
        private @Nullable String route;
        private int status;
        private long durationNanos = UNSET_DURATION;
        private @Nullable Long requestBytes;
        private @Nullable Long responseBytes;
        private @Nullable String requestId;
        private @Nullable String traceId;
        private @Nullable String user;
        private @Nullable String clientAddress;
        private @Nullable String userAgent;
        private @Nullable String query;
        private @Nullable String error;

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        /**
         * The route template the framework matched, such as {@code /orders/{id}}; null or blank to have one made.
         *
         * @param template the route template the framework matched, such as {@code /orders/{id}}
         * @return this builder
         */
        public Builder route(@Nullable String template) {
            this.route = template;
            return this;
        }

        /**
         * The response status, 100 to 599; a request with another status is rejected.
         *
         * @param status the response status, 100 to 599
         * @return this builder
         */
        public Builder status(int status) {
            this.status = status;
            return this;
        }

        /**
         * How long the request took; required.
         *
         * @param duration how long the request took
         * @return this builder
         */
        public Builder duration(Duration duration) {
            this.durationNanos = Objects.requireNonNull(duration, "duration").toNanos();
            return this;
        }

        /**
         * How long the request took, in nanoseconds ({@code System.nanoTime()} differences); required.
         *
         * @param nanos how long the request took, in nanoseconds ({@code System.nanoTime()} differences)
         * @return this builder
         */
        public Builder durationNanos(long nanos) {
            this.durationNanos = nanos;
            return this;
        }

        /**
         * When the request started; the moment it is recorded unless set. Before 2000-01-01 it is rejected.
         *
         * @param startedAt when the request started
         * @return this builder
         */
        public Builder startedAt(Instant startedAt) {
            this.timestampMillis = Objects.requireNonNull(startedAt, "startedAt").toEpochMilli();
            return this;
        }

        /**
         * The size of the request body in bytes; negative is rejected.
         *
         * @param bytes the size of the request body in bytes
         * @return this builder
         */
        public Builder requestBytes(long bytes) {
            this.requestBytes = bytes;
            return this;
        }

        /**
         * The size of the response body in bytes; negative is rejected.
         *
         * @param bytes the size of the response body in bytes
         * @return this builder
         */
        public Builder responseBytes(long bytes) {
            this.responseBytes = bytes;
            return this;
        }

        /**
         * The request id.
         *
         * @param requestId the request id, or null
         * @return this builder
         */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * The trace id, such as W3C {@code traceparent}'s.
         *
         * @param traceId the trace id, when one is known, or null
         * @return this builder
         */
        public Builder traceId(@Nullable String traceId) {
            this.traceId = traceId;
            return this;
        }

        /**
         * Who made the request; stored with {@link HttpInclude#USER} only.
         *
         * @param user who made the request, or null; stored with {@link HttpInclude#USER} only
         * @return this builder
         */
        public Builder user(@Nullable String user) {
            this.user = user;
            return this;
        }

        /**
         * The client's address; stored with {@link HttpInclude#CLIENT_ADDRESS} only.
         *
         * @param address the client's address
         * @return this builder
         */
        public Builder clientAddress(@Nullable String address) {
            this.clientAddress = address;
            return this;
        }

        /**
         * The {@code User-Agent} header; stored with {@link HttpInclude#USER_AGENT} only.
         *
         * @param userAgent the {@code User-Agent} header, or null; stored with {@link HttpInclude#USER_AGENT} only
         * @return this builder
         */
        public Builder userAgent(@Nullable String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        /**
         * The query string, without the {@code ?}; stored, redacted, with {@link HttpInclude#QUERY} only.
         *
         * @param query the query string, without the {@code ?}, or null; stored with {@link HttpInclude#QUERY} only,
         *     and redacted
         * @return this builder
         */
        public Builder query(@Nullable String query) {
            this.query = query;
            return this;
        }

        /**
         * What failed, such as an exception's class and message; redacted.
         *
         * @param error what failed (an exception's class and message), or null
         * @return this builder
         */
        public Builder error(@Nullable String error) {
            this.error = error;
            return this;
        }

        /**
         * The request; never throws: the logger validates it when it is recorded.
         *
         * @return the request
         */
        public HttpRequest build() {
            return new HttpRequest(timestampMillis, method, path, route, status, durationNanos, requestBytes,
                    responseBytes, requestId, traceId, user, clientAddress, userAgent, query, error);
        }
    }
}
