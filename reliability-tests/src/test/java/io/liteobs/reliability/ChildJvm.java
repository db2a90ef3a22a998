package io.liteobs.reliability;

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
import java.util.function.Predicate;

/**
 * A child JVM running one of the test sources' main classes on this JVM's class path: the process that a test
 * kills, or one of several writers on one file. Its stdout lines are collected as they come; its stderr goes to a
 * file, so that a failure can show it.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Path stderr;
    private final Thread reader;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::readStdout, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} in a new JVM.
     *
     * @param logDir  where the child's stderr is written, as {@code <main>-<pid>.err}
     * @param jvmArgs options for the child JVM, such as {@code -Xmx256m}
     */
    static ChildJvm start(Class<?> main, Path logDir, List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Path stderr = logDir.resolve(main.getSimpleName() + "-" + System.nanoTime() + ".err");
        Process process = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .start();
        return new ChildJvm(process, stderr);
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process died mid-line: what was read is what counts
        }
    }

    /** Every complete stdout line read so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits until a stdout line matches; fails with the child's stderr when it does not come in time. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() - deadline < 0) {
            List<String> now = lines();
            for (int i = seen; i < now.size(); i++) {
                if (match.test(now.get(i))) {
                    return now.get(i);
                }
            }
            seen = now.size();
            if (!process.isAlive() && !reader.isAlive()) {
                break;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the child never printed the expected line; exit "
                + (process.isAlive() ? "none yet" : process.exitValue()) + ", stderr:\n" + stderr());
    }

    /** Kills the process with SIGKILL and waits for it to be gone, then for the last of its output. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("a SIGKILLed child is still alive");
        }
        reader.join(10_000);
    }

    /** Waits for the exit; kills the process and fails when it takes longer than the timeout. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new AssertionError("the child did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        reader.join(10_000);
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** The child's stderr so far, for failure messages. */
    String stderr() {
        try {
            String text = java.nio.file.Files.readString(stderr, StandardCharsets.UTF_8);
            return text.length() > 20_000 ? "…" + text.substring(text.length() - 20_000) : text;
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }

    /** Kills the process if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
