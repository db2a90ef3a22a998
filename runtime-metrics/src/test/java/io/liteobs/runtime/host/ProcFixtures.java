package io.liteobs.runtime.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The recorded /proc trees of src/test/resources: {@code proc-modern/t0} and {@code t1}, ten seconds apart on a
 * busy four-core machine, with {@code proc-modern/sys}; and {@code proc-old-kernel}, a 2.6-era kernel without
 * MemAvailable, oom_kill or steal time; and {@code proc-secrets}, two processes whose command line and name hold
 * secrets and a line feed. Disk space comes from a table, since the recorded mounts are another machine's.
 */
public final class ProcFixtures {

    public static final long GB = 1_000_000_000L;
    /** Space per mount point: total, free, available. */
    public static final Map<String, long[]> SPACE = Map.of(
            "/", new long[] {100 * GB, 5 * GB, 5 * GB},
            "/data", new long[] {500 * GB, 300 * GB, 300 * GB},
            "/home", new long[] {50 * GB, 40 * GB, 37 * GB});

    private ProcFixtures() {
    }

    /** A resource folder as a path. */
    public static Path resource(String name) {
        try {
            return Path.of(ProcFixtures.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A collector over {@code proc}, with the modern /sys and the space table. */
    public static HostMetricsCollector collector(Path proc) {
        return builder(proc).build();
    }

    public static HostMetricsCollector.Builder builder(Path proc) {
        return HostMetricsCollector.builder()
                .procRoot(proc)
                .sysRoot(resource("proc-modern/sys"))
                .diskSpace(mountPoint -> SPACE.get(mountPoint));
    }

    /** Replaces the tree at {@code proc} with a copy of a recorded one, as the kernel would between readings. */
    public static void replay(String recorded, Path proc) {
        try {
            if (Files.exists(proc)) {
                try (Stream<Path> old = Files.walk(proc)) {
                    old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                        try {
                            Files.delete(path);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
            Path source = resource(recorded);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path target = proc.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The two modern snapshots collected in turn: the second covers the ten seconds between them. */
    public static HostSnapshot[] modernPair(Path dir) {
        return modernPair(dir, UnaryOperator.identity());
    }

    /** {@link #modernPair(Path)} by a collector with more settings, such as command lines. */
    public static HostSnapshot[] modernPair(Path dir, UnaryOperator<HostMetricsCollector.Builder> settings) {
        Path proc = dir.resolve("proc");
        replay("proc-modern/t0", proc);
        HostMetricsCollector collector = settings.apply(builder(proc)).build();
        HostSnapshot first = collector.collect();
        replay("proc-modern/t1", proc);
        return new HostSnapshot[] {first, collector.collect()};
    }
}
