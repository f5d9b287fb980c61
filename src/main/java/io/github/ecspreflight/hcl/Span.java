package io.github.ecspreflight.hcl;

/** Where an expression is written: its file and character range. */
public record Span(HclSource source, int start, int end) {

    public int line() {
        return source.lineOf(start);
    }

    public Position location() {
        return source.location(start);
    }

    /** The expression as written, on one line: how an unknown value is shown ({@code ${text}}). */
    public String text() {
        return source.text().substring(start, end).strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
