package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ImageNames;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Chooses the container the built image runs in: the one named by {@code containerName}, else the one whose
 * {@code image} names the built repository, else the only essential container.
 */
public final class ContainerSelector {

    private ContainerSelector() {}

    public static ContainerDefinition select(TaskDefinition task, String containerName, String builtRepository)
            throws PreflightException {
        List<ContainerDefinition> containers = task.containers();
        if (containers.isEmpty()) {
            throw new PreflightException("taskDefinition " + task.source() + ": has no container definitions");
        }
        if (containerName != null && !containerName.isBlank()) {
            return containers.stream()
                    .filter(c -> containerName.equals(c.name()))
                    .findFirst()
                    .orElseThrow(() -> new PreflightException("containerName '" + containerName
                            + "': no such container in " + task.source() + "; it has " + names(containers)));
        }
        List<ContainerDefinition> running = containers.stream()
                .filter(c -> referencesRepository(c.image(), builtRepository))
                .toList();
        if (running.size() == 1) {
            return running.get(0);
        }
        List<ContainerDefinition> essential =
                containers.stream().filter(ContainerDefinition::essential).toList();
        // a container whose whole definition is computed at deployment (read as a non-essential placeholder named by
        // its expression) may be the essential one that runs the image: the only essential container is then no safe
        // guess. A written container whose name alone is an input (Copilot's !Ref WorkloadName) is known enough.
        boolean someUnknown = containers.stream().anyMatch(c -> !c.essential() && TaskDefinition.isUnknown(c.name()));
        if (running.isEmpty() && essential.size() == 1 && !someUnknown) {
            return essential.get(0);
        }
        List<ContainerDefinition> candidates = running.isEmpty() ? essential : running;
        List<ContainerDefinition> listed = candidates.isEmpty() ? containers : candidates;
        if (containers.stream()
                .allMatch(c -> TaskDefinition.isUnknown(c.name())
                        && !INPUT_NAME.matcher(c.name()).matches())) {
            throw new PreflightException("taskDefinition " + task.source() + ": its containers are computed from "
                    + "values known only once deployed, so which one runs the image cannot be told; "
                    + (task.format() == TaskDefinition.Format.CLOUDFORMATION
                            ? "give the parameters they depend on with ecsPreflight.variables"
                            : "check the plan instead: terraform plan -out=plan.out && terraform show -json plan.out "
                                    + "> plan.json, and name plan.json"));
        }
        throw new PreflightException("containerName: cannot tell which container of " + task.source()
                + " runs the image; set ecsPreflight.containerName to one of " + names(listed)
                + givenByVariables(listed));
    }

    /** A container named by a parameter or variable ({@code ${WorkloadName}}, {@code ${var.name}}). */
    private static final java.util.regex.Pattern INPUT_NAME =
            java.util.regex.Pattern.compile("\\$\\{(?:var\\.)?([A-Za-z_][A-Za-z0-9_-]*)}");

    /**
     * A name that only a deployment input gives ({@code ${WorkloadName}}) cannot be passed as {@code containerName}:
     * Maven would interpolate it. The input itself can be given.
     */
    private static String givenByVariables(List<ContainerDefinition> containers) {
        return containers.stream()
                .map(ContainerDefinition::name)
                .filter(name -> name != null && INPUT_NAME.matcher(name).matches())
                .findFirst()
                .map(name -> {
                    java.util.regex.Matcher m = INPUT_NAME.matcher(name);
                    m.matches();
                    return "; a name such as " + name + " comes from an input of the deployment: give it with "
                            + "-DecsPreflight.variables=" + m.group(1) + "=NAME (or <variables><" + m.group(1)
                            + ">NAME</" + m.group(1) + "></variables>), then name the container";
                })
                .orElse("");
    }

    /** Whether a container's {@code image} names the built repository; see {@link ImageNames#sameRepository}. */
    public static boolean referencesRepository(String containerImage, String builtRepository) {
        return ImageNames.sameRepository(containerImage, builtRepository);
    }

    private static String names(List<ContainerDefinition> containers) {
        return containers.stream()
                .map(c -> c.name() + (c.image() == null ? "" : " (" + c.image() + ")"))
                .collect(Collectors.collectingAndThen(Collectors.toList(), Messages::list));
    }
}
