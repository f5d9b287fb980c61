package io.github.ecspreflight.check;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import java.util.List;

/**
 * Runs every rule family whose rules are not all skipped, collecting all findings so that the build fails once with
 * the whole list rather than at the first problem, and an outcome for every rule.
 */
public final class Checks {

    private Checks() {}

    /** The result; its duration is left for the caller, who also timed the reading. */
    public static CheckResult run(CheckContext context) throws PreflightException {
        Verdicts verdicts = new Verdicts(context.options().skipRules());
        List<RuleFamily> running = Rules.FAMILIES.stream()
                .filter(family -> family.rules().stream().anyMatch(verdicts::runs))
                .toList();
        for (RuleFamily family : running) {
            family.prepare(context);
        }
        for (RuleFamily family : running) {
            family.check(context, verdicts);
        }
        return new CheckResult(
                checkedImage(context),
                checkedTask(context),
                context.container().name(),
                verdicts.findings(),
                verdicts.outcomes(),
                context.options().failOnWarning(),
                0);
    }

    private static CheckResult.CheckedImage checkedImage(CheckContext context) {
        return new CheckResult.CheckedImage(
                context.imageReference(),
                context.image().digest(),
                context.image().platforms());
    }

    private static CheckResult.CheckedTask checkedTask(CheckContext context) {
        TaskDefinition task = context.task();
        TaskPlatform target = context.target();
        return new CheckResult.CheckedTask(
                task.source(),
                task.family(),
                task.revision(),
                target.known() ? target.ecsArchitecture() : task.cpuArchitecture(),
                task.operatingSystemFamily() != null ? task.operatingSystemFamily() : "LINUX",
                context.deployed().compatibilities(),
                task.format());
    }
}
