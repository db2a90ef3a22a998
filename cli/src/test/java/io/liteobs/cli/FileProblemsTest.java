package io.liteobs.cli;

import static io.liteobs.cli.Cli.on;
import static io.liteobs.store.tck.Entries.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command, pointed at a file it cannot use, says so in one line that names the file and what to do, exits
 * with the documented code, prints no stack trace, and leaves the file as it was.
 */
class FileProblemsTest {

    /** Every command, each reading (or for cleanup deleting) audit entries, where the damaged page lies. */
    static final List<List<String>> COMMANDS = List.of(List.of("liveness"), List.of("query", "audit"),
            List.of("query", "metrics"), List.of("query", "heartbeats"), List.of("query", "alerts"),
            List.of("query", "events"), List.of("stats"), List.of("export", "metrics"), List.of("export", "audit"),
            List.of("export", "events"), List.of("cleanup", "--keep", "audit=1d"),
            List.of("cleanup", "--keep", "audit=1d", "--dry-run"));

    @TempDir
    Path dir;

    static Stream<Arguments> commands() {
        return COMMANDS.stream().map(command -> Arguments.of(command));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void missingFile_exitsFour_namingThePath_andCreatesNothing(List<String> command) {
        Path missing = dir.resolve("nowhere").resolve("obs.db");

        Cli.Run run = Cli.at(T0, on(missing, command.toArray(String[]::new)));

        assertEquals(ExitCode.FILE_UNAVAILABLE, run.exitCode(), run.toString());
        assertOneLine(run, missing + " does not exist", "check the path");
        assertFalse(Files.exists(missing.getParent()), "nothing was created");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void foreignDatabase_exitsFive_andIsLeftAsItWas(List<String> command) throws Exception {
        Path file = ProblemFiles.foreign(dir.resolve("crm.db"));
        byte[] before = Files.readAllBytes(file);

        Cli.Run run = Cli.at(T0, on(file, command.toArray(String[]::new)));

        assertEquals(ExitCode.FILE_REFUSED, run.exitCode(), run.toString());
        assertOneLine(run, file + " is a SQLite database of another application", "did not modify it");
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void notADatabase_exitsFive(List<String> command) throws Exception {
        Path file = ProblemFiles.notADatabase(dir.resolve("people.csv"));

        Cli.Run run = Cli.at(T0, on(file, command.toArray(String[]::new)));

        assertEquals(ExitCode.FILE_REFUSED, run.exitCode(), run.toString());
        assertOneLine(run, file + " is not a SQLite database", "Point the reader at the file a LiteObs store writes");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void newerSchema_exitsFive_sayingToUpgrade(List<String> command) throws Exception {
        Path file = ProblemFiles.newerSchema(dir.resolve("obs.db"));
        byte[] before = Files.readAllBytes(file);

        Cli.Run run = Cli.at(T0, on(file, command.toArray(String[]::new)));

        assertEquals(ExitCode.FILE_REFUSED, run.exitCode(), run.toString());
        assertOneLine(run, file + " has schema version", "written by a newer LiteObs");
        assertTrue(run.err().contains("Upgrade LiteObs"), run.err());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void damagedFile_exitsFive_forEveryCommandThatReadsTheDamagedTable() throws Exception {
        Path file = ProblemFiles.damaged(dir.resolve("obs.db"));
        for (List<String> command : List.of(List.of("query", "audit"), List.of("export", "audit"),
                List.of("cleanup", "--keep", "audit=1ms"))) {
            Cli.Run run = Cli.at(T0 + 3_600_000, on(file, command.toArray(String[]::new)));

            assertEquals(ExitCode.FILE_REFUSED, run.exitCode(), command + ": " + run);
            assertOneLine(run, file.toString(), "SQLITE_CORRUPT");
        }
        assertEquals(ExitCode.OK, Cli.at(T0, on(file, "liveness")).exitCode(),
                "the heartbeats are sound: liveness still answers");
    }

    @Test
    void readOnlyFile_isReadByEveryReadingCommand_andCleanupExitsFourSayingWhy() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("ro"));
        Path file = ProblemFiles.store(folder.resolve("obs.db"));
        byte[] before = Files.readAllBytes(file);
        ReadOnlyFolder readOnly = ReadOnlyFolder.of(folder);
        try {
            for (List<String> command : COMMANDS.subList(0, COMMANDS.size() - 2)) {
                Cli.Run run = Cli.at(T0 + 1_000, on(file, command.toArray(String[]::new)));
                assertEquals(ExitCode.OK, run.exitCode(), command + ": " + run);
            }
            Cli.Run dryRun = Cli.at(T0 + 86_400_000 + 1_000, on(file, "cleanup", "--keep", "audit=100ms",
                    "--dry-run", "--json"));
            assertEquals(ExitCode.OK, dryRun.exitCode(), dryRun.toString());
            assertEquals(199, dryRun.json().get("would_delete").get(0).get("rows").asLong());

            Cli.Run cleanup = Cli.at(T0 + 86_400_000 + 1_000, on(file, "cleanup", "--keep", "audit=100ms"));

            assertEquals(ExitCode.FILE_UNAVAILABLE, cleanup.exitCode(), cleanup.toString());
            assertOneLine(cleanup, file.toString(), "writable");
        } finally {
            readOnly.close();
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("obs.db"), Files.list(folder).map(path -> path.getFileName().toString()).toList());
    }

    @Test
    void verbose_addsTheStackTrace() throws Exception {
        Path file = ProblemFiles.foreign(dir.resolve("crm.db"));

        Cli.Run run = Cli.at(T0, on(file, "stats", "--verbose"));

        assertEquals(ExitCode.FILE_REFUSED, run.exitCode());
        assertTrue(run.err().contains("io.liteobs.spi.StoreException"), run.err());
        assertTrue(run.err().contains("\tat io.liteobs."), run.err());
    }

    @Test
    void noFileGiven_isAUsageError_sayingHowToGiveOne() {
        Cli.Run run = Cli.at(T0, "stats");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("Which file? Give it with --file FILE, or set LITEOBS_FILE"), run.err());
    }

    /** The message names what it must, and is one line: no stack trace without --verbose. */
    private static void assertOneLine(Cli.Run run, String... parts) {
        for (String part : parts) {
            assertTrue(run.err().contains(part), "'" + part + "' in: " + run.err());
        }
        assertEquals(1, run.err().lines().count(), run.err());
        assertEquals("", run.out());
    }

    /** A folder made read-only even for root, by a read-only bind mount of itself; else by its permissions. */
    private record ReadOnlyFolder(Path folder, boolean mounted) {

        static ReadOnlyFolder of(Path folder) throws IOException {
            if (!"root".equals(System.getProperty("user.name"))) {
                Files.setPosixFilePermissions(folder.resolve("obs.db"), PosixFilePermissions.fromString("r--r--r--"));
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
                return new ReadOnlyFolder(folder, false);
            }
            boolean mounted = run("mount", "--bind", folder.toString(), folder.toString());
            if (mounted && !run("mount", "-o", "remount,bind,ro", folder.toString())) {
                run("umount", folder.toString());
                mounted = false;
            }
            TestEnvironment.requireOrSkip(mounted, "root, but mount refused a read-only bind mount");
            return new ReadOnlyFolder(folder, true);
        }

        private static boolean run(String... command) throws IOException {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            try {
                return process.waitFor() == 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        void close() throws IOException {
            if (mounted) {
                if (!run("umount", folder.toString())) {
                    run("umount", "-l", folder.toString());
                }
            } else {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }
}
