package io.liteobs.benchmarks;

import io.liteobs.Heartbeat;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line's wall time, as an operator's cron job or a Kubernetes probe meets it: {@code liteobs liveness}
 * from process start to exit, started three ways (plain {@code java -jar}; the quick JIT tier and the serial
 * collector; the launcher script, which adds a class data sharing archive), rounds interleaved so that a machine
 * busy with other work weighs on every way alike; then the query and export commands over a file of 10 million
 * points, through the launcher.
 *
 * <pre>
 * mvn -B -q -pl cli,benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.CliHarness [--quick] [--rounds N]
 * </pre>
 *
 * <p>Run from the repository's root: it starts {@code cli/target/liteobs.jar} and {@code cli/src/main/sh/liteobs}.
 * {@code --quick} writes a tenth of the points.
 */
public final class CliHarness {

    private static final Path JAR = Path.of("cli/target/liteobs.jar");
    private static final Path LAUNCHER = Path.of("cli/src/main/sh/liteobs");

    private CliHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        boolean quick = options.contains("--quick");
        int rounds = options.contains("--rounds") ? Integer.parseInt(options.get(options.indexOf("--rounds") + 1))
                : 15;
        if (!Files.isRegularFile(JAR) || !Files.isRegularFile(LAUNCHER)) {
            throw new IllegalStateException("run from the repository's root after building " + JAR);
        }
        Machine.print(System.out);
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP)) {
            Path liveness = files.newFile("liveness", false);
            Path cache = Files.createDirectories(liveness.resolveSibling("cds-cache"));
            startUp(liveness, cache, rounds);
            Path points = files.newFile("points", false);
            long count = quick ? 1_000_000 : 10_000_000;
            long started = System.nanoTime();
            try (SqliteStore store = SqliteStore.open(points)) {
                QueryHarness.writePoints(store, count, QueryHarness.END);
            }
            System.out.printf("%n%,d points written in %.0f s (not timed below); %,d MiB%n", count,
                    (System.nanoTime() - started) / 1e9, Files.size(points) >> 20);
            queries(points, cache, Math.max(3, rounds / 3));
        }
    }

    /** liveness of one worker, started each way in turn, round after round. */
    private static void startUp(Path file, Path cache, int rounds) throws IOException, InterruptedException {
        try (SqliteStore store = SqliteStore.open(file)) {
            WriteBatch.Buffer beat = WriteBatch.buffer();
            beat.heartbeats().add(new Heartbeat("orders", "host-1", 1, System.currentTimeMillis(), 3_600_000, 10, 1,
                    1, 1, 1, 0, 0, null, 1));
            store.write(beat.batch());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> liveness = List.of("liveness", "--file", file.toString(), "orders", "--quiet");
        Map<String, List<String>> ways = new LinkedHashMap<>();
        ways.put("java -jar", concat(List.of(java, "-jar", JAR.toString()), liveness));
        ways.put("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", concat(List.of(java, "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", JAR.toString()), liveness));
        ways.put("launcher (those + AppCDS archive)", concat(List.of(LAUNCHER.toString()), liveness));
        // the launcher's first run writes its archive; one untimed run of each way warms the page cache
        for (List<String> command : ways.values()) {
            run(command, cache, new double[0], -1);
        }
        Map<String, double[]> seconds = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        ways.keySet().forEach(way -> {
            seconds.put(way, new double[rounds]);
            cpu.put(way, new double[rounds]);
        });
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, List<String>> way : ways.entrySet()) {
                seconds.get(way.getKey())[round] = run(way.getValue(), cache, cpu.get(way.getKey()), round);
            }
        }
        System.out.printf("%nliteobs liveness, wall time from process start to exit, %d interleaved rounds:%n",
                rounds);
        double baseline = median(seconds.get("java -jar"));
        seconds.forEach((way, times) -> System.out.printf("  %-42s wall %s   %.2fx of java -jar; CPU median %.3f s%n",
                way, spread(times), median(times) / baseline, median(cpu.get(way))));
    }

    /** Query and export commands over the points, through the launcher. */
    private static void queries(Path file, Path cache, int rounds) throws IOException, InterruptedException {
        // the day QueryHarness.writePoints spreads the points over
        Instant end = Instant.ofEpochMilli(Workload.START_MILLIS).plus(Duration.ofDays(1));
        String since = end.minus(Duration.ofDays(1)).toString();
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("query metrics, one metric (10 series, 100k points), 24 h in 5 m steps, avg", List.of("query",
                "metrics", "metric-0", "--since", since, "--until", end.toString(), "--step", "5m", "--agg", "avg"));
        commands.put("the same, p95", List.of("query", "metrics", "metric-0", "--since", since, "--until",
                end.toString(), "--step", "5m", "--agg", "p95"));
        commands.put("query metrics, one series raw, 10k points as NDJSON", List.of("query", "metrics", "metric-0",
                "--label", "instance=i-0", "--since", since, "--limit", "100000", "--ndjson"));
        commands.put("export metrics, one metric (100k points), OpenMetrics", List.of("export", "metrics",
                "metric-0"));
        commands.put("stats (counts every point, dbstat reads every page)", List.of("stats"));
        Map<String, double[]> seconds = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        commands.keySet().forEach(command -> {
            seconds.put(command, new double[rounds]);
            cpu.put(command, new double[rounds]);
        });
        for (int round = 0; round < rounds; round++) {
            for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                seconds.get(command.getKey())[round] = run(concat(List.of(LAUNCHER.toString()),
                        concat(command.getValue(), List.of("--file", file.toString()))), cache,
                        cpu.get(command.getKey()), round);
            }
        }
        System.out.printf("%ncommands over %s, wall time through the launcher, %d interleaved rounds:%n",
                file.getFileName(), rounds);
        seconds.forEach((command, times) -> System.out.printf("  %-78s wall %s; CPU median %.3f s%n", command,
                spread(times), median(cpu.get(command))));
    }

    /** GNU time, which reports a child's CPU time; the harness reports wall time alone without it. */
    private static final Path TIME = Path.of("/usr/bin/time");

    /**
     * Runs a command to its end, its output discarded; its wall time in seconds, and its CPU time (user and system)
     * in {@code cpu} when GNU time is there to tell. On a machine busy with other work the wall time waits for cores
     * and the CPU time does not: together they say what the command costs and what it took.
     */
    private static double run(List<String> command, Path cache, double[] cpu, int round)
            throws IOException, InterruptedException {
        boolean timed = Files.isExecutable(TIME);
        List<String> line = timed ? concat(List.of(TIME.toString(), "-f", "cpu %U %S"), command) : command;
        ProcessBuilder builder = new ProcessBuilder(line).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("LITEOBS_JAR", JAR.toAbsolutePath().toString());
        builder.environment().put("LITEOBS_CACHE", cache.toString());
        long started = System.nanoTime();
        Process process = builder.start();
        String stderr = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": " + stderr);
        }
        if (timed && round >= 0) {
            String[] figures = stderr.strip().lines().reduce((first, last) -> last).orElseThrow().split(" ");
            cpu[round] = Double.parseDouble(figures[1]) + Double.parseDouble(figures[2]);
        }
        return seconds;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The median, and the fastest and slowest run around it. */
    private static String spread(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format("median %.3f s (fastest %.3f, slowest %.3f)", median(values), sorted[0],
                sorted[sorted.length - 1]);
    }
}
