package io.github.ecspreflight.common;

/**
 * Where a value was written: a file (as the user named it, or relative to the project) and a 1-based line.
 * Findings point here so that the log, SARIF and GitHub annotations can name the line to edit.
 */
public record SourceLocation(String file, int line) {

    /** A location known only by file (a live source, or a format without line information). */
    public static SourceLocation ofFile(String file) {
        return new SourceLocation(file, 0);
    }

    public boolean hasLine() {
        return line > 0;
    }

    @Override
    public String toString() {
        return hasLine() ? file + ":" + line : file;
    }
}
