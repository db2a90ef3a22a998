package io.liteobs.cli;

import io.liteobs.HttpRequestQuery;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The filters of {@link HttpRequestQuery}, for {@code query http} and {@code export http} alike. */
final class HttpRequestFilters {

    @Option(names = "--method", description = "Only this method, such as GET.")
    private @Nullable String method;

    @Option(names = "--route", description = "Only this route template, such as /orders/{id}.")
    private @Nullable String route;

    @Option(names = "--status", paramLabel = "CODE", description = "Only this status code, such as 404.")
    private @Nullable Integer status;

    @Option(names = "--status-class", paramLabel = "1-5",
            description = "Only this class of status codes: 4 for 4xx, 5 for 5xx; not with --status.")
    private @Nullable Integer statusClass;

    @Option(names = "--min-duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only requests that took at least this long, such as 500ms or 2s.")
    private @Nullable Duration minDuration;

    @Option(names = "--request", description = "Only this request id.")
    private @Nullable String requestId;

    @Option(names = "--user", description = "Only this user (stored only when the service logs users).")
    private @Nullable String user;

    /** A new query builder with the filters given. */
    HttpRequestQuery.Builder builder() {
        return HttpRequestQuery.builder().method(method).route(route).status(status).statusClass(statusClass)
                .minDuration(minDuration).requestId(requestId).user(user);
    }
}
