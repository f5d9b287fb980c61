package io.github.ecspreflight.hcl;

import io.github.ecspreflight.common.SourceLocation;

/** Where an expression is written: its file and character range. */
public record Span(HclSource source, int start, int end) {

    public int line() {
        return source.lineOf(start);
    }

    public SourceLocation location() {
        return source.location(start);
    }

    /** The expression as written, on one line: how an unknown value is shown ({@code ${text}}). */
    public String text() {
        return source.text().substring(start, end).strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
