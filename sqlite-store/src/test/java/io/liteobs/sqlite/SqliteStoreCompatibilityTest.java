package io.liteobs.sqlite;

import io.liteobs.spi.ObservabilityStore;
import io.liteobs.store.tck.StoreCompatibilityKit;
import java.nio.file.Path;

class SqliteStoreCompatibilityTest extends StoreCompatibilityKit {

    @Override
    protected ObservabilityStore openStore(Path directory) {
        return SqliteStore.open(directory.resolve("obs.db"));
    }
}
