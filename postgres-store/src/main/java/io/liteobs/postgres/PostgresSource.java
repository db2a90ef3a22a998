package io.liteobs.postgres;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A service instance that writes a LiteObs PostgreSQL database: a row of {@code _observability_sources}, which every
 * row it writes names by {@code source_id}. {@link PostgresReader#sources()} lists them;
 * {@link PostgresReader#forSource(String, String)} reads what one of them wrote.
 *
 * @param sourceId        its id, the {@code source_id} of the rows it writes
 * @param service         the service name it writes as ({@link PostgresOptions#service()})
 * @param instance        the instance name it writes as ({@link PostgresOptions#instance()})
 * @param firstSeenMillis when a store first opened as this source, epoch milliseconds
 * @param lastWriteMillis when it last committed a batch, epoch milliseconds of its own clock; empty when it has never
 *                        written one
 */
public record PostgresSource(int sourceId, String service, String instance, long firstSeenMillis,
        OptionalLong lastWriteMillis) {

    /**
     * Checks that the names and the last write are given.
     *
     * @param sourceId        its id, the {@code source_id} of the rows it writes
     * @param service         the service name it writes as
     * @param instance        the instance name it writes as
     * @param firstSeenMillis when a store first opened as this source, epoch milliseconds
     * @param lastWriteMillis when it last committed a batch; empty when it has never written one
     * @throws NullPointerException when a name or the last write is null
     */
    public PostgresSource {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(lastWriteMillis, "lastWriteMillis");
    }
}
