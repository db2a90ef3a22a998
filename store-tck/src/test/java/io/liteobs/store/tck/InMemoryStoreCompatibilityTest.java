package io.liteobs.store.tck;

import io.liteobs.memory.InMemoryStore;
import io.liteobs.spi.ObservabilityStore;
import java.nio.file.Path;

class InMemoryStoreCompatibilityTest extends StoreCompatibilityKit {

    @Override
    protected ObservabilityStore openStore(Path directory) {
        return InMemoryStore.create();
    }
}
