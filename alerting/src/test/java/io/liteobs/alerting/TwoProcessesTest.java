package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.Await;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricPoint;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes evaluating the same rules over one SQLite file: this JVM and a child JVM ({@link EvaluatorChild}).
 * Only the lease holder commits evaluations, and the survivor takes over once the holder is killed.
 */
class TwoProcessesTest {

    /** Short, so that the survivor takes over soon after the kill; long enough that a loaded machine renews it. */
    static final Duration LEASE = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    /** The evaluator both processes run: one rule that always holds, evaluated every second. */
    static Alerting alerting(LiteObs obs, String holder) {
        return Alerting.builder(obs).scheduled(false).holder(holder).tick(Duration.ofMillis(100)).lease(LEASE)
                .rule(AlertRule.named("busy").metric("queue.depth").max(Duration.ofDays(1)).above(10)
                        .every(Duration.ofSeconds(1)))
                .build();
    }

    @Test
    void childAndParent_evaluateOnce_andTheParentTakesOverWhenTheChildIsKilled() throws Exception {
        Path file = dir.resolve("obs.db");
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
            WriteBatch.Buffer point = WriteBatch.buffer();
            point.metrics().add(new MetricPoint("queue.depth", 50, null, Labels.empty(), obs.clock().millis()));
            obs.store().write(point.batch());

            List<String> childLines = new CopyOnWriteArrayList<>();
            Process child = startChild(file, childLines);
            try {
                Await.until("the child's first evaluation", Duration.ofSeconds(60),
                        () -> childLines.stream().anyMatch(line -> line.startsWith("evaluated")));
                try (Alerting parent = alerting(obs, "parent")) {
                    List<Long> parentCommits = new ArrayList<>();
                    // while the child holds the lease, every round of the parent stands by
                    Await.until("three more evaluations by the child", Duration.ofSeconds(60), () -> {
                        EvaluationRound round = parent.evaluateNow();
                        assertEquals(EvaluationRound.STANDBY, round, "the parent evaluated beside the child");
                        return evaluations(childLines) >= 4;
                    });

                    child.destroyForcibly();
                    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                    long killedAt = obs.clock().millis();
                    Await.until("the parent to take over", Duration.ofSeconds(60), () -> {
                        long now = obs.clock().millis();
                        if (parent.evaluateNow().evaluated() > 0) {
                            parentCommits.add(now);
                        }
                        return parentCommits.size() >= 2;
                    });

                    List<AlertRecord> alerts = parent.history(AlertQuery.builder().ruleId("busy").build());
                    assertEquals(1, alerts.size(), "one alert: the parent carried on with the child's");
                    long childCommits = evaluations(childLines);
                    // a commit the kill cut off before the child printed it counts once more
                    long evaluations = alerts.get(0).evaluations();
                    assertTrue(evaluations == childCommits + 2 || evaluations == childCommits + 3,
                            evaluations + " evaluations for " + childCommits + " by the child and 2 by the parent");
                    assertTrue(parentCommits.get(0) >= killedAt, "the parent evaluated only once the child was gone");
                }
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static long evaluations(List<String> childLines) {
        return childLines.stream().filter(line -> line.startsWith("evaluated")).count();
    }

    private Process startChild(Path file, List<String> lines) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                EvaluatorChild.class.getName(), file.toString())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                in.lines().forEach(lines::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // killed mid-line: what was read is what counts
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
        return process;
    }
}
