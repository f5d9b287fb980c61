package io.github.ecspreflight.check;

import io.github.ecspreflight.PreflightException;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.util.List;
import java.util.Locale;
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
                    .orElseThrow(() -> new PreflightException("containerName '" + containerName + "': no such container in "
                            + task.source() + "; it has " + names(containers)));
        }
        List<ContainerDefinition> running = containers.stream()
                .filter(c -> referencesRepository(c.image(), builtRepository))
                .toList();
        if (running.size() == 1) {
            return running.get(0);
        }
        List<ContainerDefinition> essential = containers.stream().filter(ContainerDefinition::essential).toList();
        if (running.isEmpty() && essential.size() == 1) {
            return essential.get(0);
        }
        List<ContainerDefinition> candidates = running.isEmpty() ? essential : running;
        throw new PreflightException("containerName: cannot tell which container of " + task.source()
                + " runs the image; set ecsPreflight.containerName to one of " + names(candidates.isEmpty() ? containers : candidates));
    }

    /**
     * Whether a container's {@code image} ({@code 123.dkr.ecr.eu-west-1.amazonaws.com/team/app:1.2}) names the built
     * repository ({@code team/app}, {@code app}, {@code localhost:5000/team/app}): the registry, tag and digest are
     * ignored, since the image is usually pushed elsewhere than where it was built.
     */
    public static boolean referencesRepository(String containerImage, String builtRepository) {
        if (containerImage == null || builtRepository == null) {
            return false;
        }
        String wanted = repositoryPath(builtRepository);
        String actual = repositoryPath(containerImage);
        return actual.equals(wanted) || actual.endsWith("/" + wanted) || wanted.endsWith("/" + actual);
    }

    /** The repository without registry host, tag or digest, and Docker Hub's implicit {@code library/}. */
    static String repositoryPath(String image) {
        String value = image.toLowerCase(Locale.ROOT);
        int at = value.indexOf('@');
        if (at >= 0) {
            value = value.substring(0, at);
        }
        int slash = value.lastIndexOf('/');
        int colon = value.lastIndexOf(':');
        if (colon > slash) {
            value = value.substring(0, colon);
        }
        int first = value.indexOf('/');
        if (first > 0) {
            String head = value.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
                value = value.substring(first + 1);
            }
        }
        return value.startsWith("library/") ? value.substring("library/".length()) : value;
    }

    private static String names(List<ContainerDefinition> containers) {
        return containers.stream()
                .map(c -> c.name() + (c.image() == null ? "" : " (" + c.image() + ")"))
                .collect(Collectors.joining(", "));
    }
}
