package io.github.ecspreflight.hcl;

/**
 * Where a value is written: the file as the user sees it and a 1-based line (0 when unknown).
 */
public record Position(String file, int line) {

    public boolean hasLine() {
        return line > 0;
    }

    @Override
    public String toString() {
        return hasLine() ? file + ":" + line : file;
    }
}
