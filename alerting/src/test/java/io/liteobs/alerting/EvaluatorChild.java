package io.liteobs.alerting;

import io.liteobs.LiteObs;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A second process evaluating the rules of {@link TwoProcessesTest} over the same file: it runs rounds until it is
 * killed, and prints {@code evaluated <millis>} after each round that committed an evaluation.
 */
final class EvaluatorChild {

    private EvaluatorChild() {
    }

    public static void main(String[] args) throws Exception {
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(Path.of(args[0]))).build();
             Alerting alerting = TwoProcessesTest.alerting(obs, "child")) {
            System.out.println("started");
            System.out.flush();
            while (true) {
                long now = obs.clock().millis();
                if (alerting.evaluateNow().evaluated() > 0) {
                    System.out.println("evaluated " + now);
                    System.out.flush();
                }
                Thread.sleep(Duration.ofMillis(20).toMillis()); // the pace of a schedule's ticks
            }
        }
    }
}
