/** A service that uses LiteObs on the module path, as its guide says: no --add-modules, no --add-opens. */
module com.example.orders {
    requires io.liteobs.sqlite;
    requires io.liteobs.runtime;
}
