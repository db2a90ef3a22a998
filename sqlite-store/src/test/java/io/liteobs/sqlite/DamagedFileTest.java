package io.liteobs.sqlite;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.event;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.DataKind;
import io.liteobs.spi.StoreException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file whose audit_log table page is overwritten with garbage, its indexes and other tables sound: the damage
 * shows only when a statement reads the table itself, and from then on nothing may change the file, whatever table
 * it would touch.
 */
class DamagedFileTest {

    private static final long CUTOFF = T0 + 1_000;

    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void damagedFile() throws Exception {
        file = dir.resolve("obs.db");
        try (SqliteStore store = SqliteStore.builder(file).diskReserve(0).build()) {
            List<Object> entries = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                entries.add(audit("a-" + i, T0 + i).build());
                entries.add(event("e-" + i, T0 + i).build());
            }
            store.write(batchOf(entries));
        }
        int pageSize = Integer.parseInt(TestData.column(file, "PRAGMA page_size").get(0));
        List<String> rootPages = TestData.column(file,
                "SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'");
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            for (String page : rootPages) {
                byte[] garbage = new byte[pageSize];
                new Random(Long.parseLong(page)).nextBytes(garbage);
                raw.seek((Long.parseLong(page) - 1) * pageSize);
                raw.write(garbage);
            }
        }
    }

    @Test
    void damageFoundByAWrite_stopsRetentionAndCompaction_andTheFileStaysAsItWas() throws Exception {
        try (SqliteStore store = SqliteStore.builder(file).diskReserve(0).build()) {
            StoreException damage = assertThrows(StoreException.class,
                    () -> store.write(batch(audit("new", T0 + 5_000).build())));
            assertEquals(StoreException.Kind.INCOMPATIBLE, damage.kind());
            assertTrue(damage.getMessage().contains("SQLITE_CORRUPT"), damage.getMessage());
            byte[] before = Files.readAllBytes(file);

            // business_event_logs is sound: only the store's memory of the damage keeps these from changing the file
            assertSame(damage, assertThrows(StoreException.class,
                    () -> store.deleteOlderThan(DataKind.EVENTS, CUTOFF, 1_000)));
            assertSame(damage, assertThrows(StoreException.class, store::compact));
            assertSame(damage, assertThrows(StoreException.class,
                    () -> store.write(batch(event("e-new", T0 + 5_000).build()))));

            assertArrayEquals(before, Files.readAllBytes(file));
        }
    }

    @Test
    void damageFoundByRetention_stopsWrites_andTheFileStaysAsItWas() throws Exception {
        try (SqliteStore store = SqliteStore.builder(file).diskReserve(0).build()) {
            StoreException damage = assertThrows(StoreException.class,
                    () -> store.deleteOlderThan(DataKind.AUDIT, CUTOFF, 1_000));
            assertEquals(StoreException.Kind.INCOMPATIBLE, damage.kind());
            assertTrue(damage.getMessage().contains("SQLITE_CORRUPT"), damage.getMessage());
            byte[] before = Files.readAllBytes(file);

            assertSame(damage, assertThrows(StoreException.class,
                    () -> store.write(batch(event("e-new", T0 + 5_000).build()))));
            assertSame(damage, assertThrows(StoreException.class,
                    () -> store.deleteOlderThan(DataKind.EVENTS, CUTOFF, 1_000)));
            assertSame(damage, assertThrows(StoreException.class, store::compact));

            assertArrayEquals(before, Files.readAllBytes(file));
        }
    }
}
