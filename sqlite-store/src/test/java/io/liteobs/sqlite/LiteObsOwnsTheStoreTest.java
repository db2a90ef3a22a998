package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.LiteObs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LiteObs.builder(SqliteStore.open(file))} hands the open store to the builder: a setting it refuses, at once
 * or in {@code build()}, closes the store, so that nothing of it is left running or lying beside the file.
 */
class LiteObsOwnsTheStoreTest {

    @TempDir
    Path dir;

    @Test
    void settingRefusedBySetter_closesTheStore_noReadingThreadNorWalLeft() throws IOException {
        assertRefusalClosesTheStore(builder -> builder.retentionEvery(Duration.ofSeconds(-1)));
    }

    @Test
    void settingRefusedByBuild_closesTheStore_noReadingThreadNorWalLeft() throws IOException {
        assertRefusalClosesTheStore(builder -> builder.retentionEvery(Duration.ofHours(1)).build());
    }

    private void assertRefusalClosesTheStore(Consumer<LiteObs.Builder> refusedSetting) throws IOException {
        Path file = dir.resolve("obs.db");
        LiteObs.Builder builder = LiteObs.builder(SqliteStore.open(file));
        assertTrue(Files.exists(dir.resolve("obs.db-wal")), "the open store has its log");
        assertFalse(readingThreads().isEmpty(), "the open store has its reading pool");

        assertThrows(IllegalArgumentException.class, () -> refusedSetting.accept(builder));

        assertEquals(List.of(), readingThreads());
        assertEquals(List.of("obs.db", "obs.db-reserve"), filesIn(dir), "no -wal or -shm left");
    }

    /** The live threads of the reading pool of {@code obs.db}, named after its pool. */
    private static List<String> readingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().contains("liteobs-read-obs.db"))
                .map(Thread::getName).toList();
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
