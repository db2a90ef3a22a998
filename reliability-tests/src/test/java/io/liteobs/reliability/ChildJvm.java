package io.liteobs.reliability;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

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
        return start(List.of(), System.getProperty("java.class.path"), main, logDir, jvmArgs, args);
    }

    /**
     * Starts {@code main} in a new JVM that runs as the user and group {@code id} (numeric), through {@code setpriv},
     * with none of root's privileges; this process must be root. The class path is copied into {@code logDir}
     * first, readable by everyone: the user may not read this JVM's (one in root's home folder, for example).
     * {@code logDir} and its parents must let the user through.
     */
    static ChildJvm startAs(int id, Class<?> main, Path logDir, List<String> jvmArgs, String... args)
            throws IOException {
        List<String> setpriv = List.of("setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups", "--");
        return start(setpriv, readableClassPath(logDir.resolve("classpath")), main, logDir, jvmArgs, args);
    }

    private static ChildJvm start(List<String> prefix, String classPath, Class<?> main, Path logDir,
            List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(javaCommand());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(List.of(args));
        Path stderr = logDir.resolve(main.getSimpleName() + "-" + System.nanoTime() + ".err");
        Process process = new ProcessBuilder(command)
                .redirectError(stderr.toFile())
                .start();
        return new ChildJvm(process, stderr);
    }

    /** Copies every entry of this JVM's class path into {@code folder}, readable by everyone; the copies' path. */
    private static String readableClassPath(Path folder) throws IOException {
        List<String> copies = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.exists(source)) {
                Path copy = folder.resolve(copies.size() + "-" + source.getFileName());
                try (Stream<Path> tree = Files.walk(source)) {
                    for (Path path : tree.toList()) {
                        Path target = copy.resolve(source.relativize(path).toString());
                        Files.createDirectories(target.getParent());
                        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(
                                Files.isDirectory(target) ? "rwxr-xr-x" : "rw-r--r--"));
                    }
                }
                copies.add(copy.toString());
            }
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        return String.join(File.pathSeparator, copies);
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
