package io.liteobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

    @Test
    void everyCommand_hasHelp_thatExitsZero() {
        List<String> paths = new ArrayList<>();
        collect(LiteObsCli.create(Clock.systemUTC(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 13, paths.toString());
        for (String path : paths) {
            List<String> args = new ArrayList<>(List.of(path.split(" ")));
            args.remove("");
            args.add("--help");
            Cli.Run run = Cli.run(args.toArray(String[]::new));
            assertEquals(ExitCode.OK, run.exitCode(), path + ": " + run);
            assertTrue(run.out().startsWith("Usage: liteobs" + (path.isEmpty() ? "" : " " + path)), run.out());
        }
    }

    @Test
    void version_namesTheCommandLine() {
        Cli.Run run = Cli.run("--version");

        assertEquals(ExitCode.OK, run.exitCode());
        assertTrue(run.out().startsWith("liteobs "), run.out());
    }

    @Test
    void completion_printsABashScriptThatCompletesTheCommands() {
        Cli.Run run = Cli.run("completion");

        assertEquals(ExitCode.OK, run.exitCode());
        assertTrue(run.out().startsWith("#!/usr/bin/env bash"), run.out());
        for (String command : List.of("liveness", "cleanup", "query", "stats", "export", "heartbeats")) {
            assertTrue(run.out().contains(command), command);
        }
        assertTrue(run.out().contains("complete -F _complete_liteobs"), "registers the function for liteobs");
    }

    @Test
    void anUnknownCommandOrOption_isAUsageError_withTheUsage() {
        Cli.Run run = Cli.run("liveness", "--colour");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Unknown option: '--colour'"), run.err());
        assertTrue(run.err().contains("Usage: liteobs liveness"), run.err());
    }

    private static void collect(CommandLine command, List<String> path, List<String> paths) {
        paths.add(String.join(" ", path));
        command.getSubcommands().forEach((name, sub) -> {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            collect(sub, deeper, paths);
        });
    }
}
