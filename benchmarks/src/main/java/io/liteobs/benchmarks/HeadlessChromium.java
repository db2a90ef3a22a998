package io.liteobs.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Headless Chromium driven through {@code chromedriver}'s WebDriver API (plain HTTP and JSON on loopback): open a
 * page, run a script in it, wait for a condition, take a screenshot. Debian's {@code chromium} and
 * {@code chromium-driver} packages provide both programs ({@code .ci/install-test-tools} installs them); each
 * instance runs its own driver on a free port with a fresh profile, so that several can run on one machine.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(10);

    private final Process driver;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI session;

    private HeadlessChromium(Process driver, Path profile, URI driverAddress, int width, int height) {
        this.driver = driver;
        this.profile = profile;
        awaitReady(driverAddress);
        Map<String, Object> options = Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height));
        JsonNode created = send("POST", driverAddress.resolve("session"),
                Map.of("capabilities", Map.of("alwaysMatch", Map.of("goog:chromeOptions", options))));
        this.session = driverAddress.resolve("session/" + created.get("sessionId").asText());
    }

    /** Starts a driver and a browser whose window is {@code width} by {@code height} pixels. */
    static HeadlessChromium start(int width, int height) throws IOException {
        for (Path program : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(program)) {
                throw new IllegalStateException(program + " is missing: install Debian's chromium and"
                        + " chromium-driver packages (.ci/install-test-tools does)");
            }
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path profile = Files.createTempDirectory("liteobs-chromium-");
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return new HeadlessChromium(driver, profile, URI.create("http://127.0.0.1:" + port + "/"), width,
                    height);
        } catch (RuntimeException e) {
            driver.destroyForcibly();
            deleteProfile(profile);
            throw e;
        }
    }

    /** Opens a page and returns once it has loaded (its {@code load} event, not the fetches it starts). */
    void open(URI page) {
        send("POST", command("url"), Map.of("url", page.toString()));
    }

    /** Runs {@code script} (the body of a function) in the page; returns what it returned. */
    JsonNode script(String script) {
        return send("POST", command("execute/sync"), Map.of("script", script, "args", List.of()));
    }

    /** Polls {@code condition} (an expression) every 10 ms until it is true. */
    void await(String condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!script("return !!(" + condition + ");").asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the page did not reach " + condition + " within " + timeout);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Makes the page's viewport {@code width} by {@code height} pixels, taller than any screen if need be, so that a
     * screenshot holds all of a long page (through the DevTools command chromedriver passes on).
     */
    void resizeViewport(int width, int height) {
        send("POST", command("goog/cdp/execute"), Map.of("cmd", "Emulation.setDeviceMetricsOverride", "params",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false)));
    }

    /** The window's content as a PNG. */
    byte[] screenshot() {
        return Base64.getDecoder().decode(send("GET", command("screenshot"), null).asText());
    }

    @Override
    public void close() throws IOException {
        try {
            send("DELETE", session, null);
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            deleteProfile(profile);
        }
    }

    private static void deleteProfile(Path profile) throws IOException {
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private URI command(String name) {
        return URI.create(session + "/" + name);
    }

    private void awaitReady(URI driverAddress) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (send("GET", driverAddress.resolve("status"), null).path("ready").asBoolean()) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for chromedriver", e);
            }
        }
    }

    /** One WebDriver command; returns its {@code value}, or throws with the driver's message. */
    private JsonNode send(String method, URI uri, @Nullable Object body) {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).method(method, publisher)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode value = JSON.readTree(response.body()).path("value");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("chromedriver answered " + response.statusCode() + " to " + method
                        + " " + uri.getPath() + ": " + value.path("message").asText(value.toString()));
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while talking to chromedriver", e);
        }
    }
}
