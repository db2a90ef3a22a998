package io.liteobs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.sqlite.util.OSInfo;

/**
 * Keeps SQLite's native library in a folder of the launcher's cache: sqlite-jdbc otherwise copies it out of the jar
 * into the temporary folder every time a JVM loads it, a fifth of the command line's start-up CPU time. The launcher
 * names the folder, one per jar, in {@value #FOLDER_PROPERTY}.
 */
final class NativeLibraryCache {

    /** The system property that names the folder. */
    static final String FOLDER_PROPERTY = "liteobs.native.cache";

    private NativeLibraryCache() {
    }

    /**
     * Copies the library for this platform into {@code folder} unless it is there already, and points sqlite-jdbc
     * at it. Best effort: when anything fails, sqlite-jdbc copies the library to the temporary folder as usual.
     */
    static void use(Path folder) {
        String name = System.mapLibraryName("sqlitejdbc");
        Path library = folder.resolve(name);
        try {
            if (!Files.isRegularFile(library)) {
                String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
                try (InputStream in = NativeLibraryCache.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        return;
                    }
                    Files.createDirectories(folder);
                    // copied under a name of its own, then renamed: a JVM starting meanwhile never loads half a file
                    Path partial = Files.createTempFile(folder, name, ".partial");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            System.setProperty("org.sqlite.lib.path", folder.toString());
            System.setProperty("org.sqlite.lib.name", name);
        } catch (IOException | RuntimeException e) {
            // an optimisation only: sqlite-jdbc finds the library in the jar
        }
    }
}
