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
    private static final Pattern SOURCE_NOISE = Pattern.compile(
            "\\s*\\(?\\s*(?:start marker )?at \\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]\\)?");

    private static final Pattern SOURCE_ONLY = Pattern.compile("\\s*\\[Source: [^\\]]*\\]");
    /** Jackson quotes the token it could not read; in a task definition or config.json that may be a secret. */
    private static final Pattern ECHOED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");
    /** Jackson and SnakeYAML quote the value they could not read ({@code Malformed numeric value 'hunter2'}). */
    private static final Pattern ECHOED_VALUE = Pattern.compile("(?i)\\b(value|text|String) (['\"])(?:(?!\\2).)*\\2");

    private static final int MAX_CAUSE = 200;
    /** {@code password=...}, {@code "token": "..."}, {@code Authorization: Bearer ...}: a named secret's value. */
    private static final Pattern NAMED_SECRET = Pattern.compile(
            "(?i)((?:password|passwd|secret|token|credential|authorization|x-amz-security-token|signature|"
                    + "aws_secret_access_key|aws_session_token)[\"']?\\s*[:=]\\s*(?:bearer\\s+|basic\\s+)?[\"']?)[^\\s\"',;&]+");
    /** A long run of key-like characters (tokens, keys, base64 credentials) that no plugin message needs in full. */
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9+/_=-]{40,}");

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
        String message = plain(firstLine(e.getMessage()));
        if (!message.isEmpty()) {
            return message;
        }
        if (e instanceof EOFException) {
            return "unexpected end of data";
        }
        return words(e.getClass().getSimpleName());
    }

    /** {@code <org.yaml.snakeyaml.events.MappingStartEvent(...)>}: SnakeYAML names the event it met. */
    private static final Pattern YAML_EVENT =
            Pattern.compile("<?\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z]\\w*)Event\\([^)]*\\)>?");
    /** {@code `java.lang.String`}: Jackson quotes the Java type it wanted. */
    private static final Pattern JAVA_TYPE = Pattern.compile("`(?:[a-z][a-z0-9_]*\\.)*([A-Z][\\w$]*)(?:<[^`]*>)?`");
    /** {@code java.io.CharConversionException}, {@code com.fasterxml...ObjectNode}: a Java class, named in full. */
    private static final Pattern QUALIFIED_CLASS = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.){2,}([A-Z][\\w$]*)");
    /** The SDK's {@code (Service: Ecs, Status Code: 200, Request ID: ...)} and similar trailers. */
    private static final Pattern SDK_TRAILER =
            Pattern.compile("\\s*\\((?:Service|SDK Attempt Count|Status Code|Response Code)[^)]*\\)");

    /**
     * A library's message in the user's words: no Java class names, SnakeYAML events, Java types or SDK trailers,
     * which say how the library is built, not what is wrong with the input.
     */
    public static String plain(String message) {
        if (message == null || message.isEmpty()) {
            return "";
        }
        String text = YAML_EVENT.matcher(message).replaceAll(m -> "a YAML " + words(m.group(1)));
        text = JAVA_TYPE.matcher(text).replaceAll(m -> "a " + words(m.group(1)));
        text = QUALIFIED_CLASS.matcher(text).replaceAll(m -> words(m.group(1)));
        text = SDK_TRAILER.matcher(text).replaceAll("");
        return text.strip();
    }

    /** {@code CharConversionException} as {@code char conversion}, {@code ObjectNode} as {@code object node}. */
    private static String words(String className) {
        String name = className.replaceAll("(Exception|Error)$", "");
        return name.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ")
                .toLowerCase(java.util.Locale.ROOT)
                .strip();
    }

    /**
     * Jackson's original message on one line, without its source reference ("opened at line N" is kept for an
     * unclosed structure) and without the token it quotes.
     */
    public static String jsonCause(String original) {
        return jsonCause(original, 0);
    }

    /** {@link #jsonCause(String)} for a document that starts {@code lineOffset} lines into its file. */
    public static String jsonCause(String original, int lineOffset) {
        String text = plain(firstLine(original));
        Matcher m = SOURCE_NOISE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    out,
                    Matcher.quoteReplacement(" (opened at line " + (Integer.parseInt(m.group(1)) + lineOffset) + ")"));
        }
        m.appendTail(out);
        text = SOURCE_ONLY.matcher(out.toString()).replaceAll("");
        text = ECHOED_TOKEN.matcher(text).replaceAll("an unquoted value");
        text = ECHOED_VALUE.matcher(text).replaceAll("$1");
        text = text.strip();
        if (text.endsWith(":")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.length() > MAX_CAUSE ? text.substring(0, MAX_CAUSE) + "..." : text;
    }

    /**
     * A text with what looks like a secret replaced by {@code ****}: the value of a named secret, and any long run of
     * key-like characters. For text the plugin does not control (a library's message in a stack trace).
     */
    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String named = NAMED_SECRET.matcher(text).replaceAll("$1****");
        return KEY_LIKE.matcher(named).replaceAll("****");
    }

    /**
     * The exception and its causes as a trace to log, each message scrubbed ({@link #scrub}), each frame kept: what a
     * bug report needs, without what the exception may carry from its input.
     */
    public static Throwable scrubbedTrace(Throwable e) {
        return scrubbedTrace(e, 0);
    }

    private static Throwable scrubbedTrace(Throwable e, int depth) {
        Throwable cause =
                e.getCause() == null || e.getCause() == e || depth > 20 ? null : scrubbedTrace(e.getCause(), depth + 1);
        Throwable copy = new ScrubbedThrowable(e.getClass().getName(), scrub(e.getMessage()), cause);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** Shows as the original class and scrubbed message, as {@code Throwable.toString} would. */
    private static final class ScrubbedThrowable extends Throwable {

        private final String className;

        ScrubbedThrowable(String className, String message, Throwable cause) {
            super(message, cause, false, true);
            this.className = className;
        }

        @Override
        public String toString() {
            return getMessage() == null ? className : className + ": " + getMessage();
        }
    }

    /**
     * A text with every control character written out ({@code \n}, {@code \r}, {@code \t}, {@code \u001b}, ...):
     * a value from the input (an image name, a container name, a file name) can then never start a line of its own
     * in the build log, so it can neither forge a log line nor a CI workflow command. A run of more than
     * {@value #MAX_WORD} characters without a space (a 900 KB entrypoint path) is shortened to its start and end, so
     * that no echoed value makes a megabyte error line.
     */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        return shortenWords(escapeControls(text));
    }

    /** The longest run of non-space characters a message keeps whole: far above any real path, ARN or URL. */
    static final int MAX_WORD = 400;

    private static final int KEPT_HEAD = 200;
    private static final int KEPT_TAIL = 60;

    private static String shortenWords(String text) {
        StringBuilder out = null;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                continue;
            }
            int length = i - start;
            if (length > MAX_WORD) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, start);
                }
                out.append(text, start, start + KEPT_HEAD)
                        .append("...(")
                        .append(String.format(java.util.Locale.ROOT, "%,d", length))
                        .append(" characters)...")
                        .append(text, i - KEPT_TAIL, i);
            } else if (out != null) {
                out.append(text, start, i);
            }
            if (out != null && i < text.length()) {
                out.append(text.charAt(i));
            }
            start = i + 1;
        }
        return out == null ? text : out.toString();
    }

    private static String escapeControls(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085';
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\t') {
                    out.append("\\t");
                } else {
                    out.append(String.format("\\u%04x", (int) c));
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /** How many items a message lists before it says how many more there are. */
    public static final int LISTED_ITEMS = 10;

    /**
     * Items for a message, comma-separated, at most {@value #LISTED_ITEMS} of them and then {@code and N more}: an
     * input with 70,000 containers must not make a 5 MB error line.
     */
    public static String list(java.util.Collection<String> items) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (String item : items) {
            if (shown == LISTED_ITEMS) {
                return out.append(" and ")
                        .append(String.format(java.util.Locale.ROOT, "%,d", items.size() - shown))
                        .append(" more")
                        .toString();
            }
            if (shown++ > 0) {
                out.append(", ");
            }
            out.append(item);
        }
        return out.toString();
    }
}
