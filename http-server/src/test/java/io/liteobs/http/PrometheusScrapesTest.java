package io.liteobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.Await;
import io.liteobs.LiteObs;
import io.liteobs.TestEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server, started on loopback with its data in a temporary folder, scrapes the server every
 * second; the values it scraped are read back through its query API.
 */
class PrometheusScrapesTest {

    @TempDir
    Path dir;

    @Test
    void prometheus_scrapesStoredSeriesAndTheLibrarysCounters() throws Exception {
        Path prometheus = TestEnvironment.requireProgram("prometheus");
        try (LiteObs obs = SampleData.openLiteObs(dir);
             LiteObsHttpServer server = LiteObsHttpServer.builder(obs).port(0).start()) {
            SampleData.record(obs);
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: liteobs
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(server.address().getPort()));
            Path log = dir.resolve("prometheus.log");
            Process process = new ProcessBuilder(prometheus.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                URI api = URI.create("http://127.0.0.1:" + port + "/");
                JsonNode latency = awaitValue(api, "orders_latency_seconds{region=\"eu-west\"}", process, log);
                assertEquals(0.25, latency.get(1).asDouble(), 1e-9);
                JsonNode persisted = awaitValue(api, "liteobs_recorder_persisted_total{component=\"audit\"}", process,
                        log);
                assertEquals(7, persisted.get(1).asDouble());
                JsonNode up = awaitValue(api, "up{job=\"liteobs\"}", process, log);
                assertEquals(1, up.get(1).asInt(), "the target is healthy in Prometheus's eyes");
            } finally {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** The value [time, "value"] of the query's one result, once Prometheus has scraped it. */
    private static JsonNode awaitValue(URI api, String query, Process process, Path log) {
        JsonNode[] value = new JsonNode[1];
        Await.until("Prometheus to have " + query, Duration.ofSeconds(60), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("Prometheus stopped: " + readQuietly(log));
            }
            try {
                HttpResponse<String> answer = Http.get(api, "/api/v1/query?query="
                        + URLEncoder.encode(query, StandardCharsets.UTF_8));
                if (answer.statusCode() != 200) {
                    return false;
                }
                JsonNode result = Http.json(answer).get("data").get("result");
                if (result.size() != 1) {
                    return false;
                }
                value[0] = result.get(0).get("value");
                return true;
            } catch (RuntimeException notListeningYet) {
                return false;
            }
        });
        return value[0];
    }

    private static String readQuietly(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
