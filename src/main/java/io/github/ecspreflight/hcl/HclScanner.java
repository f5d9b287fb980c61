package io.github.ecspreflight.hcl;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A cursor over HCL text: characters, whitespace and comments, names and numbers. Newlines end attributes and object
 * items but are ordinary whitespace inside parentheses, brackets and interpolations; the parser says which applies
 * with {@link #pushNewlines(boolean)}.
 */
final class HclScanner {

    /** Words HCL gives a meaning, which a syntax error may quote. */
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of(
            "for",
            "in",
            "if",
            "else",
            "endif",
            "endfor",
            "null",
            "true",
            "false",
            "resource",
            "data",
            "variable",
            "locals",
            "module",
            "output",
            "provider",
            "terraform",
            "dynamic",
            "content");

    final HclSource source;
    final String text;
    int pos;
    private final Deque<Boolean> newlinesAreSpace = new ArrayDeque<>();

    HclScanner(HclSource source) {
        this.source = source;
        this.text = source.text();
        newlinesAreSpace.push(false);
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return peek(0);
    }

    char peek(int ahead) {
        int at = pos + ahead;
        return at < text.length() ? text.charAt(at) : '\0';
    }

    boolean startsWith(String token) {
        return text.startsWith(token, pos);
    }

    /** Consumes {@code token} if it is next. */
    boolean accept(String token) {
        if (startsWith(token)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    void expect(String token, String what) throws HclSyntaxException {
        if (!accept(token)) {
            throw error("expected " + what + ", found " + describeNext());
        }
    }

    void pushNewlines(boolean areSpace) {
        newlinesAreSpace.push(areSpace);
    }

    void popNewlines() {
        newlinesAreSpace.pop();
    }

    /** Skips spaces and comments, and newlines where the current context treats them as space. */
    void space() throws HclSyntaxException {
        skipSpace(newlinesAreSpace.peek());
    }

    void skipSpace(boolean newlines) throws HclSyntaxException {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\uFEFF' || (newlines && c == '\n')) {
                pos++;
            } else if (c == '#' || (c == '/' && peek(1) == '/')) {
                while (!atEnd() && peek() != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw error("unterminated /* comment");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }

    boolean atName() {
        return isNameStart(peek());
    }

    /** Whether the next name is {@code keyword} (followed by a non-name character). */
    boolean atKeyword(String keyword) {
        return startsWith(keyword) && !isNamePart(peek(keyword.length()));
    }

    String name() throws HclSyntaxException {
        if (!atName()) {
            throw error("expected a name, found " + describeNext());
        }
        int start = pos;
        while (!atEnd() && isNamePart(peek())) {
            pos++;
        }
        return text.substring(start, pos);
    }

    Span span(int start) {
        return new Span(source, start, pos);
    }

    HclSyntaxException error(String message) {
        return source.syntaxError(pos, message);
    }

    HclSyntaxException errorAt(int offset, String message) {
        return source.syntaxError(offset, message);
    }

    String describeNext() {
        if (atEnd()) {
            return "the end of the file";
        }
        char c = peek();
        if (c == '\n') {
            return "a new line";
        }
        // What follows may be part of a value (a password with a quote in it ends its string early): only HCL's own
        // keywords and punctuation are quoted, never a name or a number from the file.
        if (isNameStart(c)) {
            int end = pos;
            while (end < text.length() && isNamePart(text.charAt(end))) {
                end++;
            }
            String name = text.substring(pos, end);
            return KEYWORDS.contains(name) ? "'" + name + "'" : "a name";
        }
        if (Character.isLetterOrDigit(c) || Character.isISOControl(c) || c > 0x7e) {
            return Character.isDigit(c) ? "a number" : "a character that starts nothing in HCL";
        }
        return "'" + c + "'";
    }
}
