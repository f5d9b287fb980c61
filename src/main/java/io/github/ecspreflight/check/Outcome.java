package io.github.ecspreflight.check;

/**
 * What became of one rule in a check.
 *
 * @param reason why it was skipped or not run; null when it ran
 */
public record Outcome(Rule rule, Status status, String reason) {

    /** PASSED and FAILED ran; SKIPPED was named in {@code skipRules}; NOT_RUN could not be judged. */
    public enum Status {
        PASSED,
        FAILED,
        SKIPPED,
        NOT_RUN
    }

    public boolean ran() {
        return status == Status.PASSED || status == Status.FAILED;
    }
}
