package io.liteobs.alerting;

import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One SQLite file of a test, the {@link LiteObs} instances opened over it on the test's manual clock, and whatever
 * else the test opens on them, closed newest first: evaluators before the LiteObs they read.
 */
final class ClockedFile {

    private final Path file;
    private final ManualClock clock;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    ClockedFile(Path directory, ManualClock clock) {
        this.file = directory.resolve("obs.db");
        this.clock = clock;
    }

    /** A new LiteObs over the file on the clock, as a restarted process would open it. */
    LiteObs liteObs() {
        return closedLater(LiteObs.builder(SqliteStore.open(file)).clock(clock).build());
    }

    /** Closes {@code resource} with the file, before everything opened earlier. */
    <T extends AutoCloseable> T closedLater(T resource) {
        open.push(resource);
        return resource;
    }

    /** Closes everything opened over the file, newest first. */
    void closeAll() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }
}
