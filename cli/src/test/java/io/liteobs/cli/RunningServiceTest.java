package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command against the file of a service that runs in another JVM and writes all along, and liveness once that
 * service is killed.
 */
class RunningServiceTest {

    @TempDir
    Path dir;
    private Process service;

    @AfterEach
    void killService() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyCommandWorksWhileTheServiceWrites_andLivenessSeesItDie() throws Exception {
        Path file = dir.resolve("service.db");
        start(file);

        Await.until("liveness says the running service is alive",
                () -> Cli.run(on(file, "liveness", "orders", "--quiet")).exitCode() == ExitCode.OK);
        JsonNode points = Cli.run(on(file, "query", "metrics", "orders.latency", "--since", "1m", "--json")).json();
        assertTrue(points.size() > 0, points.toString());
        JsonNode perSecond = Cli.run(on(file, "query", "metrics", "orders.latency", "--step", "1s", "--agg", "max",
                "--json")).json();
        assertTrue(perSecond.size() > 0 && perSecond.get(0).get("value").asDouble() <= 99, perSecond.toString());
        assertEquals(ExitCode.OK, Cli.run(on(file, "query", "audit", "--user", "user-3")).exitCode());
        assertEquals(ExitCode.OK, Cli.run(on(file, "query", "heartbeats", "--history")).exitCode());
        assertEquals(ExitCode.OK, Cli.run(on(file, "stats")).exitCode());
        assertTrue(Cli.run(on(file, "export", "metrics")).out().endsWith("# EOF\n"));
        assertTrue(Files.exists(file.resolveSibling("service.db-wal")), "the service's log is in use");

        Cli.Run cleanup = Cli.run(on(file, "cleanup", "--keep", "audit=1ms", "--keep", "metrics=1ms",
                "--chunk-size", "100", "--json"));
        assertEquals(ExitCode.OK, cleanup.exitCode(), cleanup.toString());
        long deleted = 0;
        for (JsonNode kind : cleanup.json().get("deleted")) {
            deleted += kind.get("rows").asLong();
        }
        assertTrue(deleted > 0, cleanup.out());
        long auditAfterCleanup = auditCount(file);
        Await.until("the service goes on writing after the cleanup", () -> auditCount(file) > auditAfterCleanup);
        assertTrue(service.isAlive());

        service.destroyForcibly();
        assertTrue(service.waitFor(30, TimeUnit.SECONDS));
        Await.until("liveness says the killed service is stale", Duration.ofSeconds(30),
                () -> Cli.run(on(file, "liveness", "--quiet")).exitCode() == ExitCode.STALE);
    }

    private static long auditCount(Path file) {
        JsonNode tables = Cli.run(on(file, "stats", "--busiest", "0", "--json")).json().get("tables");
        for (JsonNode table : tables) {
            if (table.get("table").asText().equals("audit_log")) {
                return table.get("rows").asLong();
            }
        }
        throw new AssertionError("no audit_log in " + tables);
    }

    private void start(Path file) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        service = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ServiceChild.class.getName(), file.toString())
                .redirectError(dir.resolve("service.err").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(),
                StandardCharsets.UTF_8));
        String line = out.readLine();
        assertEquals("READY", line, () -> "the service did not start: " + read(dir.resolve("service.err")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
