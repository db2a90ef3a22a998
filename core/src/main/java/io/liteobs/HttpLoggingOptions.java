package io.liteobs;

import io.liteobs.internal.Checks;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link HttpRequestLogger} records: its queue, the optional parts of a request it stores, and the cap on
 * distinct routes.
 *
 * <pre>{@code
 * LiteObs.builder(store)
 *         .http(HttpLoggingOptions.builder()
 *                 .include(HttpInclude.USER, HttpInclude.QUERY)
 *                 .maxRoutes(300)
 *                 .build())
 *         .build();
 * }</pre>
 *
 * @param queue     the queue's capacity and overflow policy; {@link RecorderOptions#HTTP_DEFAULT} by default
 * @param include   the optional parts stored; none by default
 * @param maxRoutes the most distinct routes before new ones go to {@value HttpRoutes#OTHER}, 1 to
 *                  {@value HttpRoutes#MAX_ROUTES}; {@value HttpRoutes#DEFAULT_MAX_ROUTES} by default
 */
public record HttpLoggingOptions(RecorderOptions queue, Set<HttpInclude> include, int maxRoutes) {

    /** The defaults: {@link RecorderOptions#HTTP_DEFAULT}, nothing optional stored, 1,000 routes. */
    public static final HttpLoggingOptions DEFAULT = builder().build();

    /**
     * @param queue the queue's capacity and overflow policy; {@link RecorderOptions#HTTP_DEFAULT} by default
     * @param include the optional parts stored; none by default
     * @param maxRoutes the most distinct routes before new ones go to {@value HttpRoutes#OTHER}, 1 to {@value
     *     HttpRoutes#MAX_ROUTES}; {@value HttpRoutes#DEFAULT_MAX_ROUTES} by default
     * @throws IllegalArgumentException naming {@code maxRoutes} when out of range
     *
     */
    public HttpLoggingOptions {
        Objects.requireNonNull(queue, "queue");
        include = Set.copyOf(Objects.requireNonNull(include, "include"));
        Checks.inRange("maxRoutes", maxRoutes, 1, HttpRoutes.MAX_ROUTES);
    }

    /**
     * Whether the optional part is stored.
     *
     * @param part the optional part of a request
     * @return whether the optional part is stored
     */
    public boolean includes(HttpInclude part) {
        return include.contains(part);
    }

    /**
     * A builder with the defaults.
     *
     * @return a builder with the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link HttpLoggingOptions}. */
    public static final class Builder {
        private RecorderOptions queue = RecorderOptions.HTTP_DEFAULT;
        private final Set<HttpInclude> include = EnumSet.noneOf(HttpInclude.class);
        private int maxRoutes = HttpRoutes.DEFAULT_MAX_ROUTES;

        private Builder() {
        }

        /**
         * The queue's capacity and overflow policy.
         *
         * @param options the queue's capacity and overflow policy
         * @return this builder
         */
        public Builder queue(RecorderOptions options) {
            this.queue = Objects.requireNonNull(options, "queue");
            return this;
        }

        /**
         * Stores these optional parts too; each call adds to the ones given before.
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
         * The most distinct routes before new ones go to {@value HttpRoutes#OTHER}.
         *
         * @param routes the most distinct routes before new ones go to {@value HttpRoutes#OTHER}
         * @return this builder
         */
        public Builder maxRoutes(int routes) {
            this.maxRoutes = routes;
            return this;
        }

        /**
         * Builds a {@link HttpLoggingOptions} from this builder's settings.
         *
         * @return the new options
         * @throws IllegalArgumentException naming the parameter that is out of range
         */
        public HttpLoggingOptions build() {
            return new HttpLoggingOptions(queue, include, maxRoutes);
        }
    }
}
