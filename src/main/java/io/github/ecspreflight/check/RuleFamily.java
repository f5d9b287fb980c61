package io.github.ecspreflight.check;

import io.github.ecspreflight.common.PreflightException;
import java.util.List;

/**
 * Rules that are judged together because they read the same evidence (the platform, the entrypoint walk, the log
 * configuration). A family declares the ids it decides; the runner calls it only when one of them is to run, and it
 * does no work for an id that is skipped ({@link Verdicts#runs}).
 */
public interface RuleFamily {

    /** The rules this family decides, each declared once, here. */
    List<Rule> rules();

    /**
     * Says, before any family judges, which files inside the image it will read ({@link
     * io.github.ecspreflight.image.fs.ImageFilesystem#alsoExpect}), so that the layers streamed for another family keep
     * them and are streamed only once.
     */
    default void prepare(CheckContext context) {}

    /**
     * Judges the task: a finding for each problem, and for a rule it cannot judge a reason it was not run. A rule with
     * neither passed.
     *
     * @throws PreflightException when the input is unusable (a layer that cannot be read)
     */
    void check(CheckContext context, Verdicts verdicts) throws PreflightException;
}
