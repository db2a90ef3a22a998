package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditQuery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Opening, querying and closing a store adds nothing at INFO to a service's log from HikariCP, whose pool holds the
 * reading connections. slf4j-simple writes to whatever {@code System.err} is at the time, and this module's test
 * configuration logs {@code com.zaxxer.hikari} at INFO.
 */
class ReadPoolLogTest {

    @TempDir
    Path dir;

    @Test
    void openQueryAndClose_logNothingFromHikariCp() {
        List<String> lines = CapturedStderr.linesDuring(() -> {
            LoggerFactory.getLogger("com.zaxxer.hikari.probe").info("probe");
            try (SqliteStore store = SqliteStore.open(dir.resolve("obs.db"))) {
                store.findAudit(AuditQuery.builder().build());
            }
        });

        assertTrue(lines.stream().anyMatch(line -> line.contains("probe")), "the capture sees HikariCP's INFO");
        assertEquals(List.of(), lines.stream()
                .filter(line -> line.contains("com.zaxxer.hikari") && !line.contains("probe")).toList());
    }
}
