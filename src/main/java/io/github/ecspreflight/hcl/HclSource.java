package io.github.ecspreflight.hcl;

import java.util.Arrays;

/**
 * The text of one HCL file (or template) and the name it is shown by, with offsets turned into 1-based lines so that
 * every value read from it can point at the line to edit.
 *
 * @param displayName the file as the user sees it, relative to where they named the task definition
 * @param text the whole file
 */
public record HclSource(String displayName, String text, int[] lineStarts) {

    public HclSource(String displayName, String text) {
        this(displayName, text, lineStarts(text));
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }

    /** The 1-based line of a character offset. */
    public int lineOf(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        return index >= 0 ? index + 1 : -index - 1;
    }

    /** The 1-based column of a character offset. */
    public int columnOf(int offset) {
        return offset - lineStarts[lineOf(offset) - 1] + 1;
    }

    public Position location(int offset) {
        return new Position(displayName, lineOf(offset));
    }

    /** {@code taskDefinition FILE:LINE: HCL syntax error: message (column N)}, one line. */
    HclSyntaxException syntaxError(int offset, String message) {
        int at = Math.min(offset, text.length());
        return new HclSyntaxException(
                displayName + ":" + lineOf(at) + ": HCL syntax error: " + message + " (column " + columnOf(at) + ")");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HclSource o && o.displayName.equals(displayName) && o.text.equals(text);
    }

    @Override
    public int hashCode() {
        return displayName.hashCode();
    }

    @Override
    public String toString() {
        return displayName;
    }
}
