package io.github.ecspreflight.hcl;

/**
 * An evaluation that nests deeper than any real configuration does: a chain of locals hundreds long, or a
 * {@code templatefile()} that renders itself. Unlike an {@link EvalException} it is not taken as an unknown value: the
 * input is refused with a one-line message, {@code FILE:LINE: why}, before the JVM's stack gives out.
 */
public final class EvaluationLimitException extends RuntimeException {

    public EvaluationLimitException(String message) {
        super(message, null, false, false);
    }
}
