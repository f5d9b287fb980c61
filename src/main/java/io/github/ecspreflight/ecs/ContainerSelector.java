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
        if (running.isEmpty() && essential.size() == 1) {
            return essential.get(0);
        }
        List<ContainerDefinition> candidates = running.isEmpty() ? essential : running;
        throw new PreflightException("containerName: cannot tell which container of " + task.source()
                + " runs the image; set ecsPreflight.containerName to one of "
                + names(candidates.isEmpty() ? containers : candidates));
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
