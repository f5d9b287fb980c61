package io.github.ecspreflight.ecs.terraform;

import io.github.ecspreflight.common.PreflightException;

/**
 * Unusable input found while evaluating (a {@code file()} that cannot be read, a template with a syntax error):
 * carries the {@link PreflightException} through the evaluator's recursion to {@link TerraformModule}'s callers.
 */
final class InputException extends RuntimeException {

    InputException(PreflightException cause) {
        super(cause.getMessage(), cause, false, false);
    }

    PreflightException preflight() {
        return (PreflightException) getCause();
    }
}
