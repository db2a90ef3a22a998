package io.liteobs.cli;

import io.liteobs.spi.StoreException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import picocli.AutoComplete;
import picocli.CommandLine;

/** Builds the command line: the commands, how failures become messages and exit codes, where output goes. */
final class LiteObsCli {

    private LiteObsCli() {
    }

    /** Runs one command on the system clock, printing to this process's stdout and stderr. */
    static int execute(String... args) {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        try {
            return create(Clock.systemUTC(), out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The command line, its commands reading the time from {@code clock}.
     *
     * @param out where results go
     * @param err where errors and warnings go
     */
    static CommandLine create(Clock clock, PrintWriter out, PrintWriter err) {
        LiteObsCommand root = new LiteObsCommand(clock);
        CommandLine cli = new CommandLine(root);
        CommandLine completion = new CommandLine(new AutoComplete.GenerateCompletion());
        completion.getCommandSpec().name("completion").usageMessage().hidden(false)
                .description("Prints a bash completion script for liteobs.",
                        "Load it in the current shell with: source <(liteobs completion)",
                        "or install it with: liteobs completion > /etc/bash_completion.d/liteobs");
        cli.addSubcommand("completion", completion);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((failure, commandLine, parseResult) ->
                report(failure, commandLine, root.verbose()));
        return cli;
    }

    /** Says what went wrong in one line that names the file and the fix; the stack trace only when asked for. */
    private static int report(Exception failure, CommandLine commandLine, boolean verbose) {
        PrintWriter err = commandLine.getErr();
        String command = commandLine.getCommandSpec().qualifiedName();
        int code;
        if (failure instanceof StoreException store) {
            err.println(command + ": " + store.getMessage());
            code = store.kind() == StoreException.Kind.INCOMPATIBLE ? ExitCode.FILE_REFUSED
                    : ExitCode.FILE_UNAVAILABLE;
        } else if (failure instanceof UserError user) {
            err.println(command + ": " + user.getMessage());
            code = user.exitCode();
        } else if (failure instanceof IllegalArgumentException invalid) {
            // the library's builders and records name the parameter that is out of range
            err.println(command + ": " + invalid.getMessage() + ". See '" + command + " --help'.");
            code = ExitCode.USAGE;
        } else {
            err.println(command + " failed: " + failure + ". Run it again with --verbose to see where.");
            code = ExitCode.FAILURE;
        }
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
