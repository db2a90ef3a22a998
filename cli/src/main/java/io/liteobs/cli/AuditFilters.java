package io.liteobs.cli;

import io.liteobs.AuditQuery;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The filters of {@link AuditQuery}, for {@code query audit} and {@code export audit} alike. */
final class AuditFilters {

    @Option(names = "--component", description = "Only this component.")
    private @Nullable String component;

    @Option(names = "--operation", description = "Only this operation.")
    private @Nullable String operation;

    @Option(names = "--status", description = "Only this status, such as error.")
    private @Nullable String status;

    @Option(names = "--user", description = "Only this user id.")
    private @Nullable String userId;

    @Option(names = "--request", description = "Only this request id.")
    private @Nullable String requestId;

    /** A new query builder with the filters given. */
    AuditQuery.Builder builder() {
        return AuditQuery.builder().component(component).operation(operation).status(status).userId(userId)
                .requestId(requestId);
    }
}
