package io.liteobs.cli;

import io.liteobs.alerting.Objective;
import io.liteobs.http.LiteObsHttpServer;
import io.liteobs.spi.StoreReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs serve}: the HTTP server ({@link LiteObsHttpServer}) — JSON API, {@code /metrics}, probes and
 * dashboard — over a file or PostgreSQL database opened read-only, until the process is interrupted (Ctrl-C, SIGTERM) or, when run in a
 * thread, until that thread is interrupted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Serves the file (or PostgreSQL database) over HTTP, read-only: the JSON API under /api, /metrics for Prometheus,"
                + " /healthz and /readyz, and the dashboard at /. Runs until interrupted (Ctrl-C)."},
        footer = {"", "Examples:", "  liteobs serve -f obs.db",
            "  liteobs serve -f obs.db --bind 0.0.0.0 --port 9464 --token-file /etc/liteobs/token"})
final class ServeCommand implements Callable<Integer> {

    /** How long a signal waits for the server to stop before the JVM exits anyway. */
    private static final Duration STOP_WAIT = LiteObsHttpServer.STOP_GRACE.plusSeconds(1);

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + LiteObsHttpServer.DEFAULT_PORT,
            description = "The port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}); any but a loopback address needs"
                    + " --token-file.")
    private String bind = "127.0.0.1";

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the access token that /api and /metrics then require as"
                    + " 'Authorization: Bearer TOKEN'.")
    private @Nullable Path tokenFile;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "A rule file whose 'objectives' section /api/slo and the dashboard report.")
    private @Nullable Path rules;

    @Override
    public Integer call() {
        InetAddress address = address();
        String token = tokenFile == null ? null : readToken(tokenFile);
        List<Objective> objectives = rules == null ? List.of() : ObjectiveFiles.read(rules);
        if (token == null && !address.isLoopbackAddress()) {
            throw new ParameterException(spec.commandLine(), "--bind " + bind + " is reachable from other hosts:"
                    + " give --token-file FILE too, or bind 127.0.0.1");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread serving = Thread.currentThread();
        Thread stopOnSignal = new Thread(() -> {
            serving.interrupt();
            try {
                stopped.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "liteobs-serve-stop");
        try (StoreReader reader = file.openForReading();
             LiteObsHttpServer server = start(reader, address, token, objectives)) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Serving " + file.describe() + " at " + server.url() + " (Ctrl-C stops)");
            out.flush();
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            awaitInterrupt();
        } finally {
            stopped.countDown();
            removeHook(stopOnSignal);
        }
        return ExitCode.OK;
    }

    private LiteObsHttpServer start(StoreReader reader, InetAddress address, @Nullable String token,
            List<Objective> objectives) {
        try {
            return LiteObsHttpServer.builder(reader).port(port).bindAddress(address).accessToken(token)
                    .objectives(objectives).start();
        } catch (UncheckedIOException e) {
            // its message names the address and port, and says to choose another
            throw new UserError(String.valueOf(e.getMessage()), ExitCode.USAGE);
        }
    }

    private InetAddress address() {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--bind " + bind + " is not an address of this host:"
                    + " give one of its addresses, such as 127.0.0.1 or 0.0.0.0");
        }
    }

    private static String readToken(Path tokenFile) {
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UserError("cannot read the access token from " + tokenFile + " (" + e + "): check the path"
                    + " and that this user may read it", ExitCode.FILE_UNAVAILABLE);
        }
        if (token.isEmpty()) {
            throw new UserError(tokenFile + " is empty: write the access token into it, on one line",
                    ExitCode.USAGE);
        }
        return token;
    }

    /** Blocks until this thread is interrupted: the interrupt is the request to stop, and is handled by returning. */
    private static void awaitInterrupt() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException stop) {
            // stop serving: the resources close on the way out
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting on a signal: the hook is what stopped this command
        }
    }
}
