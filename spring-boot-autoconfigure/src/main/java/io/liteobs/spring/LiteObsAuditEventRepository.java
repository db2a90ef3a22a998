package io.liteobs.spring;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liteobs.AuditEntry;
import io.liteobs.AuditLogger;
import io.liteobs.AuditOrder;
import io.liteobs.AuditQuery;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;

/**
 * Actuator's audit events in the LiteObs audit log, so that they survive a restart: Spring Security's
 * authentication and authorization events, and any the application publishes. Each event is one audit entry of
 * component {@value #COMPONENT}: its type is the operation, its principal the user, its data the metadata (redacted
 * by the redaction policy). Failure events ({@code AUTHENTICATION_FAILURE}, {@code AUTHORIZATION_FAILURE}) are
 * stored with status {@code error}.
 *
 * <p>{@link #add} queues the entry and returns at once; {@link #find} reads the file, newest {@value #FIND_LIMIT}
 * entries at most, oldest first as Boot's in-memory repository returns them.
 */
public class LiteObsAuditEventRepository implements AuditEventRepository {

    /** The component of every entry this repository writes and reads. */
    public static final String COMPONENT = "actuator";
    /** The most events {@link #find} returns. */
    public static final int FIND_LIMIT = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(LiteObsAuditEventRepository.class);
    private static final Set<String> FAILURE_TYPES = Set.of("AUTHENTICATION_FAILURE", "AUTHORIZATION_FAILURE");
    private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() {
    };

    private final AuditLogger audit;
    private final ObjectMapper json = new ObjectMapper();

    public LiteObsAuditEventRepository(AuditLogger audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public void add(AuditEvent event) {
        String principal = event.getPrincipal();
        audit.logAsync(AuditEntry.builder(COMPONENT, event.getType())
                .timestamp(event.getTimestamp())
                .userId(principal.isEmpty() ? null : principal)
                .status(FAILURE_TYPES.contains(event.getType()) ? AuditEntry.STATUS_ERROR : AuditEntry.STATUS_SUCCESS)
                .metadata(event.getData().isEmpty() ? null : event.getData())
                .build());
    }

    @Override
    public List<AuditEvent> find(@Nullable String principal, @Nullable Instant after, @Nullable String type) {
        AuditQuery.Builder query = AuditQuery.builder()
                .component(COMPONENT)
                .userId(principal)
                .operation(type)
                .orderBy(AuditOrder.TIME).direction(SortDirection.DESC)
                .limit(FIND_LIMIT);
        if (after != null) {
            // Boot's repository returns events strictly after the instant; the range's start is inclusive
            query.range(TimeRange.between(after.plusMillis(1), TimeRange.ALL.to()));
        }
        List<AuditEvent> events = new ArrayList<>();
        for (AuditEntry entry : audit.query(query.build())) {
            events.add(toEvent(entry));
        }
        Collections.reverse(events);
        return events;
    }

    private AuditEvent toEvent(AuditEntry entry) {
        return new AuditEvent(entry.timestamp(), Objects.requireNonNullElse(entry.userId(), ""), entry.operation(),
                data(entry));
    }

    private Map<String, Object> data(AuditEntry entry) {
        String metadata = entry.metadataJson();
        if (metadata == null) {
            return Map.of();
        }
        try {
            return json.readValue(metadata, DATA);
        } catch (IOException e) {
            // written by another program or version: shown as stored rather than dropped
            LOG.debug("The metadata of audit entry {} is not a JSON object; returned as text", entry.id(), e);
            return Map.of("metadata", metadata);
        }
    }
}
