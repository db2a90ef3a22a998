/** The compatibility kit every LiteObs store passes, for a store's own JUnit 5 tests. */
module io.liteobs.store.tck {
    requires static org.jspecify;
    requires transitive io.liteobs.core;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;

    exports io.liteobs.store.tck;
    // JUnit finds and runs the kit's nested test classes by reflection
    opens io.liteobs.store.tck to org.junit.platform.commons;
}
