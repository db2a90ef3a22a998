package io.liteobs.alerting;

import io.liteobs.memory.InMemoryStore;
import io.liteobs.LiteObs;
import io.liteobs.ManualClock;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One SQLite file of a test, the {@link LiteObs} instances opened over it on the test's manual clock, and whatever
 * else the test opens on them, closed newest first after each test: evaluators before the LiteObs they read.
 * Registered as an extension on the test's instance:
 *
 * <pre>{@code
 * @RegisterExtension
 * final ClockedFile file = new ClockedFile(() -> dir, clock);
 * }</pre>
 */
final class ClockedFile implements AfterEachCallback {

    private final Supplier<Path> directory;
    private final ManualClock clock;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /**
     * @param directory the test's temporary directory, asked for when the file is first opened: JUnit sets it after
     *                  the test's fields are made
     * @param clock     the clock every LiteObs of the test reads
     */
    ClockedFile(Supplier<Path> directory, ManualClock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** A new LiteObs over the file on the clock, as a restarted process would open it. */
    LiteObs liteObs() {
        return closedLater(LiteObs.builder(SqliteStore.open(directory.get().resolve("obs.db"))).clock(clock).build());
    }

    /** A new LiteObs on the clock over the file ({@code "sqlite"}) or over a store in memory (anything else). */
    LiteObs liteObs(String store) {
        return store.equals("sqlite") ? liteObs()
                : closedLater(LiteObs.builder(InMemoryStore.create()).clock(clock).build());
    }

    /** Closes {@code resource} with the file, before everything opened earlier. */
    <T extends AutoCloseable> T closedLater(T resource) {
        open.push(resource);
        return resource;
    }

    /** Closes everything opened over the file, newest first. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }
}
