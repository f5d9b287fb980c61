package io.github.ecspreflight.check;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.fs.ImageFilesystem;
import io.github.ecspreflight.image.ImageManifest;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins an image to a task definition and runs every rule, collecting all findings so that the build fails once with
 * the whole list rather than at the first problem.
 */
public final class Preflight {

    private Preflight() {}

    /**
     * ECS accepts only X86_64 and ARM64; anything else is a typo that registering the task definition would refuse, not
     * a CPU to build an image for.
     */
    private static void requireValidCpuArchitecture(TaskDefinition task) throws PreflightException {
        String value = task.cpuArchitecture();
        if (value != null && !TaskDefinition.isUnknown(value) && !value.equals("X86_64") && !value.equals("ARM64")) {
            throw new PreflightException("taskDefinition " + task.locations().cpuArchitecture() + ": cpuArchitecture is '"
                    + value + "'; ECS accepts X86_64 or ARM64");
        }
    }

    /** Runs the rules; the result's duration is left for the caller, who also timed the reading. */
    public static CheckResult check(Image image, TaskDefinition task, CheckOptions options) throws PreflightException {
        String repository = image.repository().orElse(null);
        ContainerDefinition container = ContainerSelector.select(task, options.containerName(), repository);
        requireValidCpuArchitecture(task);
        TaskPlatform target = TaskPlatform.of(task);

        PlatformRules.Outcome platform = PlatformRules.check(image, task, target, options);
        List<Finding> findings = new ArrayList<>(platform.findings());
        // An image for the wrong platform fails at its first exec anyway: reading its entrypoint would only repeat that.
        boolean platformFits = platform.findings().stream().noneMatch(f -> f.severity() == Severity.ERROR);
        if (options.checkEntrypoint() && platformFits && platform.manifest().isPresent()
                && (options.runs(Rule.EP004) || options.runs(Rule.EP005) || options.runs(Rule.EP006))) {
            ImageManifest manifest = platform.manifest().get();
            String architecture = target.known() ? target.platform().architecture()
                    : manifest.config().platform().architecture();
            findings.addAll(EntrypointRules.check(new ImageFilesystem(image, manifest),
                    EffectiveCommand.of(container, manifest.config()), architecture, container,
                    image.reference().toString()));
        }
        findings.addAll(LoggingRules.check(task, options));
        findings.addAll(ExecutionRoleRules.check(task));
        // A container image that cannot be known statically may well be the built one: no finding is invented.
        if (repository != null && task.containers().stream()
                .noneMatch(c -> ContainerSelector.referencesRepository(c.image(), repository)
                        || TaskDefinition.isUnknown(c.image()))) {
            findings.add(Finding.of(Rule.EP201, "No container of " + task.source() + " references the built image's "
                    + "repository '" + repository + "'; container '" + container.name() + "' runs "
                    + (container.image() == null ? "no image" : "'" + container.image() + "'")
                    + ", so this check may judge another image than ECS will run.", container.location(),
                    "point container '" + container.name() + "' at " + repository + ", or name the container with "
                            + "ecsPreflight.containerName and the image with ecsPreflight.image"));
        }
        List<Finding> kept = findings.stream().filter(f -> options.runs(f.rule())).toList();
        boolean failed = kept.stream().anyMatch(f -> f.severity() == Severity.ERROR
                || (options.failOnWarning() && f.severity() == Severity.WARNING));
        return new CheckResult(image.reference().toString(), image.digest(), image.platforms(), task,
                container.name(), kept, failed, 0);
    }
}
