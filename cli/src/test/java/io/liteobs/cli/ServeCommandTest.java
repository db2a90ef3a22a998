package io.liteobs.cli;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liteobs.Await;
import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code liteobs serve} on a free port in a thread of the test, stopped by interrupting that thread. */
class ServeCommandTest {

    private static final Pattern ADDRESS = Pattern.compile("at (http://\\S+/) ");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TOKEN = "9f86d081884c7d659a2feaa0c55ad015";

    @TempDir
    Path dir;

    @Test
    void serve_answersProbesAndTheApi_untilInterrupted() throws Exception {
        Path file = written();
        try (Serving serving = new Serving("serve", "--port", "0", "--file", file.toString())) {
            assertEquals(200, get(serving.url().resolve("healthz"), null).statusCode());
            HttpResponse<String> audit = get(serving.url().resolve("api/audit"), null);
            assertEquals(200, audit.statusCode(), audit.body());
            JsonNode items = new ObjectMapper().readTree(audit.body()).get("items");
            assertEquals(1, items.size(), audit.body());
            assertEquals("a-1", items.get(0).get("id").asText());
        }
    }

    @Test
    void serve_withARuleFile_reportsItsObjectives() throws Exception {
        Path file = written();
        Path rules = Files.writeString(dir.resolve("slo.yaml"),
                "objectives:\n  - {id: payments, audit: orders, target: 99%}\n");
        try (Serving serving = new Serving("serve", "--port", "0", "--rules", rules.toString(), "--file",
                file.toString())) {
            HttpResponse<String> slo = get(serving.url().resolve("api/slo"), null);
            assertEquals(200, slo.statusCode(), slo.body());
            JsonNode payments = new ObjectMapper().readTree(slo.body()).get("objectives").get(0);
            assertEquals("payments", payments.get("objective").asText());
        }
    }

    @Test
    void serve_withATokenFile_requiresTheTokenForData() throws Exception {
        Path file = written();
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        try (Serving serving = new Serving("serve", "--port", "0", "--token-file", token.toString(), "--file",
                file.toString())) {
            assertEquals(401, get(serving.url().resolve("api/audit"), null).statusCode());
            assertEquals(200, get(serving.url().resolve("api/audit"), TOKEN).statusCode());
            assertEquals(200, get(serving.url().resolve("healthz"), null).statusCode(), "probes hold no data");
        }
    }

    @Test
    void serve_onAnotherHostsAddressWithoutAToken_isAUsageError() throws IOException {
        Cli.Run run = Cli.run(Cli.on(written(), "serve", "--port", "0", "--bind", "0.0.0.0"));
        assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--token-file"), run.err());
    }

    @Test
    void serve_withAnEmptyTokenFile_saysSo() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "\n");
        Cli.Run run = Cli.run(Cli.on(written(), "serve", "--port", "0", "--token-file", token.toString()));
        assertEquals(ExitCode.USAGE, run.exitCode(), run.toString());
        assertTrue(run.err().contains(token + " is empty"), run.err());
    }

    private Path written() {
        Path file = dir.resolve("obs.db");
        if (!Files.exists(file)) {
            try (SqliteStore store = SqliteStore.open(file)) {
                store.write(batch(audit("a-1", T0).build()));
            }
        }
        return file;
    }

    static HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The command running in a thread until closed, which interrupts it and checks that it exited 0. */
    static final class Serving implements AutoCloseable {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final AtomicInteger exitCode = new AtomicInteger(-1);
        private final Thread thread;

        Serving(String... args) {
            thread = new Thread(() -> exitCode.set(LiteObsCli.create(Clock.systemUTC(), new PrintWriter(out),
                    new PrintWriter(err)).execute(args)), "liteobs-serve-test");
            thread.start();
            Await.until("the server prints its address", () -> ADDRESS.matcher(out.toString()).find()
                    || !thread.isAlive());
        }

        URI url() {
            Matcher printed = ADDRESS.matcher(out.toString());
            assertTrue(printed.find(), () -> "no address in: " + out + err);
            return URI.create(printed.group(1));
        }

        @Override
        public void close() {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while the server stopped", e);
            }
            assertEquals(ExitCode.OK, exitCode.get(), () -> out + "\n" + err);
        }
    }
}
