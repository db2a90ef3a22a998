package io.liteobs.cli;

import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code liteobs}: the commands, the options every command takes, and the clock they read the time from. */
@Command(name = "liteobs", mixinStandardHelpOptions = true, versionProvider = LiteObsCommand.ManifestVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Reads, checks and cleans up a LiteObs file, whether its service is running or stopped.",
            "Commands that only read never change the file."},
        footer = {"", "Exit codes: 0 done (liveness: all alive), 1 a worker is stale, 2 wrong command line,",
            "3 a worker was never seen, 4 the file cannot be used now, 5 the file is refused, 70 unexpected failure.",
            "Every command takes --help."},
        subcommands = {LivenessCommand.class, QueryCommand.class, StatsCommand.class, CleanupCommand.class,
            ExportCommand.class, ServeCommand.class, SloCommand.class})
final class LiteObsCommand {

    private final Clock clock;
    private boolean verbose;

    LiteObsCommand(Clock clock) {
        this.clock = clock;
    }

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print the stack trace of a failure, and the library's informational log lines.")
    void verbose(boolean verbose) {
        this.verbose = verbose;
        if (verbose) {
            // read by slf4j-simple when the first logger is made, which happens after the options are parsed
            System.setProperty(Main.LOG_LEVEL, "info");
            System.setProperty(Main.POOL_LOG_LEVEL, "info");
        }
    }

    boolean verbose() {
        return verbose;
    }

    /** The clock every command reads "now" from. */
    Clock clock() {
        return clock;
    }

    /** The root command of a command's spec. */
    static LiteObsCommand of(CommandSpec spec) {
        return (LiteObsCommand) spec.root().userObject();
    }

    /** The version in the executable jar's manifest. */
    static final class ManifestVersion implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LiteObsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"liteobs " + (version != null ? version : "(development build, no manifest)"),
                "Java " + Runtime.version() + ", " + System.getProperty("java.vm.name")};
        }
    }
}
