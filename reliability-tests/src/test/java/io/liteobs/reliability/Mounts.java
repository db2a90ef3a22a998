package io.liteobs.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * File systems the tests mount to make a fault real: a small tmpfs that fills up, a read-only bind mount. Mounting
 * needs root (CAP_SYS_ADMIN); where the sandbox refuses, {@link #tryRun} says so and the test is skipped, and a
 * narrower test in sqlite-store injects the same SQLite result code instead.
 */
final class Mounts {

    private Mounts() {
    }

    /** Whether this process runs as root, which ignores file permission bits. */
    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Mounts a tmpfs of {@code size} (such as {@code 4m}) on {@code dir}; false when the system refuses. */
    static boolean tmpfs(Path dir, String size) {
        return tryRun("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
    }

    /** Changes the size of a tmpfs mounted by {@link #tmpfs}: the disk fills up, or has room again. */
    static void resize(Path dir, String size) {
        run("mount", "-o", "remount,size=" + size, dir.toString());
    }

    /** Makes {@code path} (a file or a folder) read-only, even for root, by bind-mounting it read-only on itself. */
    static boolean bindReadOnly(Path path) {
        if (!tryRun("mount", "--bind", path.toString(), path.toString())) {
            return false;
        }
        if (!tryRun("mount", "-o", "remount,bind,ro", path.toString())) {
            unmount(path);
            return false;
        }
        return true;
    }

    /** Unmounts, lazily if something still uses the mount. */
    static void unmount(Path path) {
        if (!tryRun("umount", path.toString())) {
            tryRun("umount", "-l", path.toString());
        }
    }

    static void run(String... command) {
        if (!tryRun(command)) {
            throw new AssertionError("failed: " + String.join(" ", command));
        }
    }

    /** Runs a command; false when it fails or cannot start. */
    static boolean tryRun(String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            if (process.exitValue() != 0) {
                System.out.println(String.join(" ", command) + ": " + output.strip());
                return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
