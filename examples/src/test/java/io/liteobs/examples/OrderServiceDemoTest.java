package io.liteobs.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderServiceDemoTest {

    @TempDir
    Path dir;

    @Test
    void demo_recordsIntoTheFile_andPrintsEverySectionOfItsSummary() throws Exception {
        Path file = dir.resolve("demo.db");
        String firstRun = runDemo(file);
        for (String section : new String[] {"== Rows per kind", "== Worker liveness", "== orders.latency",
                "== Slowest audited operations", "== HTTP requests per route", "== Slowest HTTP requests",
                "== Latest business events", "== Retention run",
                "== Runtime and host metrics", "== Health", "== Recorder counters", "== Alerts"}) {
            assertTrue(firstRun.contains(section), "missing " + section + " in:\n" + firstRun);
        }
        assertTrue(firstRun.contains("NOT_PROGRESSING"), "the hung worker shows as not progressing:\n" + firstRun);
        assertTrue(firstRun.contains("webhook received: firing") && firstRun.contains("webhook received: resolved"),
                "alerts fire, resolve and reach the local webhook:\n" + firstRun);
        assertTrue(firstRun.matches("(?s).*orders-slow\\s+RESOLVED.*"), "the alert history:\n" + firstRun);
        assertTrue(firstRun.matches("(?s).*\n  health \\d{1,3}/100 (HEALTHY|DEGRADED|UNHEALTHY).*"),
                "a health score:\n" + firstRun);
        assertTrue(firstRun.contains("  explain ") && firstRun.contains("recommendations:"),
                "one explanation:\n" + firstRun);
        assertTrue(firstRun.matches("(?s).*jvm\\.memory\\.used\\s+[1-9]\\d* series\\s+gauge\\s+bytes.*"),
                "JVM metrics in the file:\n" + firstRun);
        assertTrue(firstRun.contains("METRICS            500 rows deleted"), "the backlog is cleaned up:\n" + firstRun);
        assertTrue(firstRun.matches("(?s).*\n  GET    /orders/\\{id\\}\\s+[\\d,]+ .*"),
                "the API's requests, by route:\n" + firstRun);
        assertTrue(firstRun.matches("(?s).*\n  POST   /orders\\s+[\\d,]+ .*"), "placed orders:\n" + firstRun);
        assertTrue(Files.size(file) > 0);
        assertTrue(firstRun.matches("(?s).*Dashboard: http://127\\.0\\.0\\.1:\\d+/ .*"), "the server's address:\n" + firstRun);

        String secondRun = runDemo(file);
        assertTrue(secondRun.contains("METRICS            500 rows deleted"), "a second run starts afresh");
    }

    private static String runDemo(Path file) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            OrderServiceDemo.main(new String[] {"--seconds", "6", "--workers", "2", "--file", file.toString(),
                "--http-port", "0"});
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
