package io.liteobs.sqlite;

import static io.liteobs.sqlite.TestData.INJECTIONS;
import static io.liteobs.sqlite.TestData.T0;
import static io.liteobs.sqlite.TestData.audit;
import static io.liteobs.sqlite.TestData.batch;
import static io.liteobs.sqlite.TestData.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.AuditOrder;
import io.liteobs.AuditQuery;
import io.liteobs.DataKind;
import io.liteobs.BusinessEvent;
import io.liteobs.EventQuery;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreQueryTest {

    @TempDir
    Path dir;
    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("obs.db"));
        // a-1..a-5 in time order; a-4 and a-5 share a timestamp; a-3 and a-5 have no duration.
        store.write(batch(
                audit("a-1", T0).userId("alice").requestId("r-1").duration(Duration.ofMillis(30)).build(),
                AuditEntry.builder("orders", "list").id("a-2").timestamp(Instant.ofEpochMilli(T0 + 10))
                        .userId("bob").duration(Duration.ofMillis(10)).build(),
                audit("a-3", T0 + 20).status("error").userId("alice").requestId("r-2").build(),
                audit("a-4", T0 + 30).duration(Duration.ofMillis(30)).build(),
                AuditEntry.builder("billing", "refund").id("a-5").timestamp(Instant.ofEpochMilli(T0 + 30))
                        .status("denied").build()));
        store.write(batch(
                event("e-1", T0).entity("order", "o-1").userId("alice").build(),
                event("e-2", T0 + 10).entity("order", "o-2").build(),
                BusinessEvent.builder("payment.failed", "billing").id("e-3").timestamp(Instant.ofEpochMilli(T0 + 20))
                        .entity("payment", "p-1").userId("bob").success(false).build(),
                event("e-4", T0 + 20).entity("order", "o-1").build()));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private List<String> auditIds(UnaryOperator<AuditQuery.Builder> query) {
        return store.findAudit(query.apply(AuditQuery.builder()).build()).stream().map(AuditEntry::id).toList();
    }

    private List<String> eventIds(UnaryOperator<EventQuery.Builder> query) {
        return store.findEvents(query.apply(EventQuery.builder()).build()).stream().map(BusinessEvent::id).toList();
    }

    private static TimeRange range(long fromOffset, long toOffset) {
        return TimeRange.between(Instant.ofEpochMilli(T0 + fromOffset), Instant.ofEpochMilli(T0 + toOffset));
    }

    @Test
    void auditFilters_eachMatchExactly_andCombineWithAnd() {
        assertEquals(List.of("a-4", "a-3", "a-2", "a-1"), auditIds(q -> q.component("orders")));
        assertEquals(List.of("a-2"), auditIds(q -> q.operation("list")));
        assertEquals(List.of("a-3"), auditIds(q -> q.status("error")));
        assertEquals(List.of("a-3", "a-1"), auditIds(q -> q.userId("alice")));
        assertEquals(List.of("a-1"), auditIds(q -> q.requestId("r-1")));
        assertEquals(List.of("a-1"), auditIds(q -> q.userId("alice").status("success")));
        assertEquals(List.of(), auditIds(q -> q.component("billing").operation("cancel")));
    }

    @Test
    void auditTimeRange_includesItsStartAndExcludesItsEnd() {
        assertEquals(List.of("a-3", "a-2"), auditIds(q -> q.range(range(10, 30))));
        assertEquals(List.of("a-5", "a-4"), auditIds(q -> q.range(range(30, 31))));
    }

    @Test
    void auditByTime_breaksTiesByInsertionOrderInTheSameDirection() {
        assertEquals(List.of("a-1", "a-2", "a-3", "a-4", "a-5"),
                auditIds(q -> q.orderBy(AuditOrder.TIME, SortDirection.ASC)));
        assertEquals(List.of("a-5", "a-4", "a-3", "a-2", "a-1"),
                auditIds(q -> q.orderBy(AuditOrder.TIME, SortDirection.DESC)));
    }

    @Test
    void auditByDuration_putsEntriesWithoutADurationLast_inBothDirections() {
        assertEquals(List.of("a-2", "a-1", "a-4", "a-3", "a-5"),
                auditIds(q -> q.orderBy(AuditOrder.DURATION, SortDirection.ASC)));
        assertEquals(List.of("a-4", "a-1", "a-2", "a-5", "a-3"),
                auditIds(q -> q.orderBy(AuditOrder.DURATION, SortDirection.DESC)));
    }

    @Test
    void auditPages_neitherOverlapNorSkip() {
        UnaryOperator<AuditQuery.Builder> oldestFirst = q -> q.orderBy(AuditOrder.TIME, SortDirection.ASC).limit(2);

        assertEquals(List.of("a-1", "a-2"), auditIds(q -> oldestFirst.apply(q).offset(0)));
        assertEquals(List.of("a-3", "a-4"), auditIds(q -> oldestFirst.apply(q).offset(2)));
        assertEquals(List.of("a-5"), auditIds(q -> oldestFirst.apply(q).offset(4)));
        assertEquals(List.of(), auditIds(q -> oldestFirst.apply(q).offset(6)));
    }

    @Test
    void eventFilters_eachMatchExactly_inBothDirections() {
        assertEquals(List.of("e-4", "e-3", "e-2", "e-1"), eventIds(q -> q));
        assertEquals(List.of("e-1", "e-2", "e-3", "e-4"), eventIds(q -> q.direction(SortDirection.ASC)));
        assertEquals(List.of("e-3"), eventIds(q -> q.eventType("payment.failed")));
        assertEquals(List.of("e-3"), eventIds(q -> q.service("billing")));
        assertEquals(List.of("e-1", "e-4"), eventIds(q -> q.entity("order", "o-1").direction(SortDirection.ASC)));
        assertEquals(List.of("e-4", "e-2", "e-1"), eventIds(q -> q.entity("order", null)));
        assertEquals(List.of("e-1"), eventIds(q -> q.userId("alice")));
        assertEquals(List.of("e-4", "e-3"), eventIds(q -> q.range(range(10, 20 + 1)).limit(2)));
        assertEquals(List.of("e-2"), eventIds(q -> q.limit(1).offset(2)));
    }

    @Test
    void injectionInEveryFilter_matchesNothing_andEveryTableSurvives() {
        Map<DataKind, Long> before = store.rowCounts();
        for (String injection : INJECTIONS) {
            assertEquals(List.of(), auditIds(q -> q.component(injection)), injection);
            assertEquals(List.of(), auditIds(q -> q.operation(injection)), injection);
            assertEquals(List.of(), auditIds(q -> q.status(injection)), injection);
            assertEquals(List.of(), auditIds(q -> q.userId(injection)), injection);
            assertEquals(List.of(), auditIds(q -> q.requestId(injection)), injection);
            assertEquals(List.of(), eventIds(q -> q.eventType(injection)), injection);
            assertEquals(List.of(), eventIds(q -> q.service(injection)), injection);
            assertEquals(List.of(), eventIds(q -> q.entity(injection, injection)), injection);
            assertEquals(List.of(), eventIds(q -> q.userId(injection)), injection);
        }
        assertEquals(before, store.rowCounts());
        assertTrue(before.get(DataKind.AUDIT) > 0);
    }
}
