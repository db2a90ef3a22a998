package io.liteobs.internal.violations;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.sql.Connection;

/** Core code that sees JDBC, Micrometer and HTTP types: the boundary checks must refuse it. */
public final class CoreThatSeesSqlMicrometerAndHttp {

    Connection connection;
    MeterRegistry registry;
    HttpClient client;
    HttpServer server;
}
