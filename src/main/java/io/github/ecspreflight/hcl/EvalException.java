package io.github.ecspreflight.hcl;

/**
 * An expression Terraform itself would reject (a type mismatch, a missing key). {@code try()} and {@code can()} catch
 * it; elsewhere the value is taken as unknown, since judging an invalid configuration would invent findings.
 */
public final class EvalException extends RuntimeException {

    EvalException(String message) {
        super(message, null, false, false);
    }
}
