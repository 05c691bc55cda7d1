package io.mediarelay.runtime.reload;

/** A route file that could not be applied: where and why. {@code line} is 0 when unknown. */
public record ReloadProblem(String file, int line, String message) {

    /** {@code file:line: message}, the form editors and CI logs link to. */
    public String format() {
        return file + ":" + (line > 0 ? line : 1) + ": " + message;
    }
}
