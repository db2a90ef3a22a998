package io.liteobs.cli;

import io.liteobs.Labels;
import io.liteobs.alerting.BudgetContributor;
import io.liteobs.alerting.BudgetExplanation;
import io.liteobs.alerting.BurnRate;
import io.liteobs.alerting.ErrorBudget;
import io.liteobs.alerting.Objective;
import io.liteobs.alerting.ObjectiveStatus;
import io.liteobs.spi.StoreReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code liteobs slo}: the service level objectives of a rule file ({@link RuleFile}) over a file: each one's SLI,
 * error budget left, burn rates and burn-rate alert ({@link ErrorBudget#status}), and with {@code --explain} what
 * spent the budget ({@link ErrorBudget#explain}), with an exit code for cron.
 */
@Command(name = "slo", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Service level objectives: the SLI over each objective's window, the error budget left, the"
                + " burn rates over 5m, 30m, 1h, 2h, 6h, 1d and 3d, and which burn-rate alert (page, ticket) holds.",
            "The objectives are those of the rule file's 'objectives' section."},
        footer = {"", "Exit codes: 0 every objective has budget left and no burn-rate alert holds; 1 a ticket holds"
                + " or a budget is spent; 3 a page holds (3 wins over 1). 2 wrong command line or rule file,"
                + " 4 the file cannot be read now, 5 the file is refused.",
            "", "Examples:", "  liteobs slo -f obs.db --rules slo.yaml",
            "  liteobs slo -f obs.db --rules slo.yaml --objective checkout-availability --explain 1h --json"})
final class SloCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // set by picocli before the command runs
    private CommandSpec spec;

    @Mixin
    private FileOptions file = new FileOptions();

    @Option(names = "--rules", paramLabel = "FILE", required = true,
            description = "The rule file (YAML, or JSON when its name ends in .json) holding the objectives.")
    @SuppressWarnings("NullAway.Init") // required: set by picocli before the command runs
    private Path rules;

    @Option(names = "--objective", paramLabel = "ID", description = "Only this objective.")
    private @Nullable String objective;

    @Option(names = "--explain", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Also list what spent each budget over the last DURATION (1h, 1d): routes and statuses,"
                    + " components and operations, counters, most first.")
    private @Nullable Duration explain;

    @Mixin
    private OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        List<Objective> objectives = objectives();
        long now = LiteObsCommand.of(spec).clock().millis();
        List<ObjectiveStatus> statuses = new ArrayList<>();
        List<BudgetExplanation> explanations = new ArrayList<>();
        try (StoreReader reader = file.openForReading()) {
            for (Objective each : objectives) {
                // one pass over the objective's window, every burn-rate window counted from it
                statuses.add(ErrorBudget.status(each, reader, now));
                if (explain != null) {
                    explanations.add(ErrorBudget.explain(each, reader, now, explain));
                }
            }
        }
        print(statuses, explanations);
        boolean page = statuses.stream().anyMatch(status -> status.alert().equals(ObjectiveStatus.PAGE));
        boolean atRisk = statuses.stream().anyMatch(status -> !status.alert().equals(ObjectiveStatus.NONE)
                || status.budgetRemaining() <= 0);
        return page ? ExitCode.PAGE : atRisk ? ExitCode.BUDGET_AT_RISK : ExitCode.OK;
    }

    private List<Objective> objectives() {
        List<Objective> all = ObjectiveFiles.read(rules);
        List<Objective> chosen = all.stream().filter(each -> objective == null || each.id().equals(objective))
                .toList();
        if (chosen.isEmpty()) {
            throw new UserError(rules + " holds no objective '" + objective + "'; it holds "
                    + all.stream().map(Objective::id).toList(), ExitCode.USAGE);
        }
        return chosen;
    }

    private void print(List<ObjectiveStatus> statuses, List<BudgetExplanation> explanations) {
        try (Output out = output.open(spec.commandLine().getOut(), explain != null)) {
            List<Column> columns = new ArrayList<>(List.of(Column.text("objective"), Column.text("alert"),
                    Column.number("sli"), Column.number("target"), Column.text("window"), Column.integer("events"),
                    Column.integer("bad_events"), Column.number("budget_remaining"),
                    Column.number("remaining_events")));
            // every status has the burn rates of the same standard windows
            statuses.get(0).burnRates().forEach(rate -> columns.add(Column.number("burn_" + rate.window())));
            columns.add(Column.text("indicator"));
            out.section("objectives", columns);
            for (ObjectiveStatus status : statuses) {
                List<@Nullable Object> row = new ArrayList<>(List.of(status.objective(), status.alert(),
                        status.sli(), status.target(), status.window(), status.events(),
                        status.events() - status.goodEvents(), status.budgetRemaining(),
                        status.budgetRemainingEvents()));
                status.burnRates().stream().map(BurnRate::burnRate).forEach(row::add);
                row.add(status.indicator());
                out.row(row.toArray());
            }
            if (explain != null) {
                out.section("contributors", List.of(Column.text("objective"), Column.text("window"),
                        Column.json("what"), Column.integer("bad_events"), Column.number("share")));
                for (BudgetExplanation explanation : explanations) {
                    for (BudgetContributor contributor : explanation.contributors()) {
                        out.row(explanation.objective(), explanation.window(),
                                Labels.of(contributor.labels()).toJson(), contributor.badEvents(),
                                contributor.share());
                    }
                }
            }
        }
    }
}
