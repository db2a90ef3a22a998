package io.liteobs.sqlite;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files the stores of this process have open, so that a second store over one file is told of. Two stores over
 * one file work (SQLite orders their writes, and no entry is lost), but each brings its writer thread and its
 * connections, and each waits for the other's write lock: one store, under one {@code LiteObs}, per file and
 * process is the intended use.
 */
final class OpenFiles {

    private static final Logger log = LoggerFactory.getLogger(OpenFiles.class);
    private static final ConcurrentMap<Path, Integer> STORES = new ConcurrentHashMap<>();

    private OpenFiles() {
    }

    /** Counts a store opened over {@code file}, and warns when another store of this process has it open already. */
    static void opened(Path file) {
        int stores = STORES.merge(file, 1, Integer::sum);
        if (stores > 1) {
            log.warn("LiteObs store {}: {} stores of this process have this file open. They work side by side,"
                    + " but each has its own writer thread and connections and waits for the other's write lock:"
                    + " open one SqliteStore per file and share the LiteObs built over it.", file, stores);
        }
    }

    /** Counts a store over {@code file} closed. */
    static void closed(Path file) {
        STORES.computeIfPresent(file, (path, stores) -> stores == 1 ? null : stores - 1);
    }

    /** How many stores of this process have {@code file} open. */
    static int stores(Path file) {
        return STORES.getOrDefault(file, 0);
    }
}
