package io.mediarelay.runtime.reload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import io.mediarelay.runtime.TestRuntimes;

/** Route-file fixtures: a private copy of the project's routes/ (tests never edit the real one) and file edits. */
final class RouteFixtures {

    private RouteFixtures() {
    }

    /** Copies the project's routes/ to {@code target} and returns it. */
    static Path copyRoutes(Path target) {
        Path source = TestRuntimes.PROJECT.resolve("routes");
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Writes a file the way an editor saves it, with an mtime that differs from the last one even on coarse clocks. */
    static void write(Path file, String text) {
        try {
            FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            if (before != null && before.equals(Files.getLastModifiedTime(file))) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 1000));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A timer flow that logs; {@code extra} goes into its steps. */
    static String timerFlow(String id, String extra) {
        return "- route:\n"
                + "    id: " + id + "\n"
                + "    from:\n"
                + "      uri: timer:" + id + "?period=200\n"
                + "      steps:\n"
                + "        - setBody:\n"
                + "            constant: hello\n"
                + (extra == null ? "" : extra)
                + "        - log:\n"
                + "            message: \"" + id + " ${body}\"\n"
                + "            loggingLevel: DEBUG\n";
    }
}
