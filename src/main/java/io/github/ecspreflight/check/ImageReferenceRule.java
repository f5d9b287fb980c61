package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerSelector;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.util.List;
import java.util.Optional;

/** EP201: does the task definition run the image this build produced, or is another image being judged? */
public final class ImageReferenceRule implements RuleFamily {

    public static final Rule EP201 = Rule.of(
            "EP201",
            Severity.WARNING,
            "configuration",
            "Task definition does not reference the built image",
            "No container of the task definition runs the repository this build produced.");

    @Override
    public List<Rule> rules() {
        return List.of(EP201);
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) {
        Optional<String> built = context.image().repository();
        if (built.isEmpty()) {
            verdicts.notRun(EP201, "the image reference names no repository");
            return;
        }
        String repository = built.get();
        TaskDefinition task = context.task();
        // A container image that cannot be known statically may well be the built one: no finding is invented.
        if (task.containers().stream().anyMatch(c -> TaskDefinition.isUnknown(c.image()))) {
            if (task.containers().stream()
                    .noneMatch(c -> ContainerSelector.referencesRepository(c.image(), repository))) {
                verdicts.notRun(EP201, "a container's image is known only at deployment");
            }
            return;
        }
        if (task.containers().stream().noneMatch(c -> ContainerSelector.referencesRepository(c.image(), repository))) {
            ContainerDefinition container = context.container();
            verdicts.report(Finding.of(
                    EP201,
                    "No container of " + task.source() + " references the built image's "
                            + "repository '" + repository + "'; container '" + container.name() + "' runs "
                            + (container.image() == null ? "no image" : "'" + container.image() + "'")
                            + ", so this check may judge another image than ECS will run.",
                    container.location(),
                    Remedies.pointAtBuiltImage(container.name(), repository)));
        }
    }
}
