package io.github.ecspreflight.hcl;

/**
 * Text that is not HCL. The message is one line, {@code FILE:LINE: HCL syntax error: what (column N)}, naming what was
 * expected and never echoing the text found (it may be a secret's value).
 */
public final class HclSyntaxException extends Exception {

    public HclSyntaxException(String message) {
        super(oneLine(message));
    }

    /** A character the message quotes from the file may be a line break or another control: it is written out. */
    private static String oneLine(String message) {
        StringBuilder out = new StringBuilder(message.length());
        for (char c : message.toCharArray()) {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
