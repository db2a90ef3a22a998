package io.liteobs.postgres;

import io.liteobs.spi.ObservabilityStore;
import io.liteobs.store.tck.StoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresStoreCompatibilityTest extends StoreCompatibilityKit {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    @Override
    protected ObservabilityStore openStore(Path directory) {
        return PostgresStore.open(postgres.freshSchema().build());
    }
}
