package io.github.ecspreflight.common;

import java.io.EOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-line causes for the plugin's messages, from what libraries say: a message shown to the user is one line, never
 * a stack trace, a bare exception name, or input the library echoes back (which may be a secret).
 */
public final class Messages {

    /** Jackson's "at [Source: ...; line: L, column: C]" suffix: the caller names the file and line itself. */
    private static final Pattern SOURCE_NOISE =
            Pattern.compile("\\s*\\(?\\s*(?:start marker )?at \\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]\\)?");
    private static final Pattern SOURCE_ONLY = Pattern.compile("\\s*\\[Source: [^\\]]*\\]");
    /** Jackson quotes the token it could not read; in a task definition or config.json that may be a secret. */
    private static final Pattern ECHOED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");
    private static final int MAX_CAUSE = 200;

    private Messages() {}

    /** The first non-blank line of a text, trimmed; empty for none. */
    public static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    /** An exception's own message on one line; for one without a message, what happened in words. */
    public static String oneLine(Exception e) {
        String message = firstLine(e.getMessage());
        if (!message.isEmpty()) {
            return message;
        }
        if (e instanceof EOFException) {
            return "unexpected end of data";
        }
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("(?<=[a-z])(?=[A-Z])", " ")
                .toLowerCase();
    }

    /**
     * Jackson's original message on one line, without its source reference ("opened at line N" is kept for an
     * unclosed structure) and without the token it quotes.
     */
    public static String jsonCause(String original) {
        String text = firstLine(original);
        Matcher m = SOURCE_NOISE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(" (opened at line " + m.group(1) + ")"));
        }
        m.appendTail(out);
        text = SOURCE_ONLY.matcher(out.toString()).replaceAll("");
        text = ECHOED_TOKEN.matcher(text).replaceAll("an unquoted value");
        text = text.strip();
        if (text.endsWith(":")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.length() > MAX_CAUSE ? text.substring(0, MAX_CAUSE) + "..." : text;
    }
}
