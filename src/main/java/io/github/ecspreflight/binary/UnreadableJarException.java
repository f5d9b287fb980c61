package io.github.ecspreflight.binary;

/** A file that is not a jar a JVM could open (no central directory, a damaged one, more entries than any real jar). */
public final class UnreadableJarException extends Exception {

    public UnreadableJarException(String message) {
        super(message);
    }
}
