package io.mediarelay.photoshelter.intake;

/** A problem found in the archive, reported as {@code file:line: message} (line 0: the file as a whole). */
public record SidecarProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
