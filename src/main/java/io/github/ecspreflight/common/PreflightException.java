package io.github.ecspreflight.common;

/**
 * Unusable input: an unreadable file, a truncated archive, a syntax error, an unknown image.
 * The message is one line that names the input and the cause; it is shown to the user as it is, so it never
 * carries a secret, a stack trace or a bare exception name.
 */
public class PreflightException extends Exception {

    public PreflightException(String message) {
        super(Messages.printable(message));
    }

    public PreflightException(String message, Throwable cause) {
        super(Messages.printable(message), cause);
    }
}
