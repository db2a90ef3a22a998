package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liteobs.AuditEntry;
import io.liteobs.AuditLogger;
import io.liteobs.LiteObs;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.SystemAlert;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audit under overload, with the store locked by another process so that nothing drains: the documented policy
 * holds exactly. BLOCK waits up to maxWait for room, then drops; every drop is counted and raised as an alert in
 * system_alerts (the first at once, then at most once per interval, each with its count, the counts adding up to
 * the drops); every entry accepted is stored. Nothing is lost silently.
 */
class AuditOverloadTest {

    private static final Duration MAX_WAIT = Duration.ofMillis(50);
    private static final Duration ALERT_INTERVAL = Duration.ofMillis(300);

    @TempDir
    Path dir;

    @Test
    void blockPolicy_waitsMaxWaitThenDrops_everyDropCountedAndAlerted_everyAcceptedEntryStored() throws Exception {
        check(OverflowPolicy.BLOCK);
    }

    @Test
    void dropPolicy_dropsAtOnce_everyDropCountedAndAlerted_everyAcceptedEntryStored() throws Exception {
        check(OverflowPolicy.DROP);
    }

    private void check(OverflowPolicy policy) throws Exception {
        Path file = dir.resolve("audit.db");
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        AtomicLong shortestDropWaitNanos = new AtomicLong(Long.MAX_VALUE);
        long started = System.nanoTime();
        RecorderStats stats;
        try (LiteObs obs = LiteObs.builder(SqliteStore.builder(file).busyTimeout(Duration.ofMillis(20)).build())
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10)))
                .audit(RecorderOptions.of(256, policy).withMaxWait(MAX_WAIT))
                .auditDropAlertInterval(ALERT_INTERVAL)
                .build();
             Connection locker = Db.connect(file); Statement lock = locker.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 150; i++) {
                        String id = "t" + thread + "-" + i;
                        long before = System.nanoTime();
                        if (obs.audit().logAsync(AuditEntry.builder("orders", "overload").id(id).build())) {
                            accepted.add(id);
                        } else {
                            refused.add(id);
                            shortestDropWaitNanos.accumulateAndGet(System.nanoTime() - before, Math::min);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            lock.execute("COMMIT");
            assertTrue(obs.flush(Duration.ofSeconds(30)));
            stats = obs.audit().stats();
        }
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(600, accepted.size() + refused.size());
        assertTrue(refused.size() > 0, "the queue overflowed");
        assertEquals(new RecorderStats(AuditLogger.COMPONENT, 600, accepted.size(), refused.size(), 0, 0, 0),
                stats);
        if (policy == OverflowPolicy.BLOCK) {
            assertTrue(shortestDropWaitNanos.get() >= MAX_WAIT.toNanos(),
                    "a BLOCK caller waits maxWait before a drop; shortest wait " + shortestDropWaitNanos.get());
        }
        Set<String> stored = Db.columnSet(file, "SELECT entry_id FROM audit_log");
        assertEquals(accepted, stored, "every accepted entry is stored, and no refused one");

        List<JsonNode> alerts = alerts(file);
        long alerted = 0;
        ObjectMapper json = new ObjectMapper();
        for (JsonNode alert : alerts) {
            assertEquals(SystemAlert.SEVERITY_CRITICAL, alert.get("severity").asText());
            assertEquals(AuditLogger.ALERT_SOURCE, alert.get("source").asText());
            JsonNode details = json.readTree(alert.get("details").asText());
            assertEquals(policy.name(), details.get("overflowPolicy").asText());
            assertTrue(alert.get("message").asText().contains(details.get("dropped").asText() + " audit entries"),
                    alert.toString());
            alerted += details.get("dropped").asLong();
        }
        System.out.printf("%s: %d accepted, %d dropped, %d alerts over %d ms: %s%n", policy, accepted.size(),
                refused.size(), alerts.size(), elapsedMillis, alerts);
        assertEquals(refused.size(), alerted, "the alerts add up to the drops");
        assertTrue(!alerts.isEmpty() && alerts.size() <= 2 + elapsedMillis / ALERT_INTERVAL.toMillis(),
                alerts.size() + " alerts in " + elapsedMillis + " ms");
        assertEquals(0, Db.count(file, "SELECT count(*) FROM system_alerts WHERE NOT json_valid(details)"));
    }

    private static List<JsonNode> alerts(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> alerts = new ArrayList<>();
        try (Connection connection = Db.connect(file); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT json_object('severity', severity, 'source', source,"
                     + " 'message', message, 'details', details) FROM system_alerts ORDER BY id")) {
            while (rows.next()) {
                alerts.add(json.readTree(rows.getString(1)));
            }
        }
        return alerts;
    }
}
