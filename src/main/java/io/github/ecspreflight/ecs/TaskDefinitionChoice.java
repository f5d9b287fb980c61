package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ImageNames;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Picks one task definition from a source that holds several (a Terraform directory, a CloudFormation template):
 * by {@code taskDefinitionResource} when given, else the only one, else the only one with a container that runs the
 * built repository, else an error listing the addresses.
 */
public final class TaskDefinitionChoice {

    /** A task definition with the address the user names it by: {@code aws_ecs_task_definition.app}, a logical id. */
    public record Candidate(String address, TaskDefinition taskDefinition) {}

    private TaskDefinitionChoice() {}

    public static TaskDefinition pick(String source, List<Candidate> candidates, String resource, String builtRepository)
            throws PreflightException {
        if (candidates.isEmpty()) {
            throw new PreflightException("taskDefinition " + source + ": no ECS task definition found in it");
        }
        if (resource != null && !resource.isBlank()) {
            return candidates.stream()
                    .filter(c -> c.address().equals(resource.trim()) || c.address().endsWith("." + resource.trim()))
                    .findFirst()
                    .map(Candidate::taskDefinition)
                    .orElseThrow(() -> new PreflightException("taskDefinitionResource '" + resource + "': not in "
                            + source + "; it holds " + addresses(candidates)));
        }
        if (candidates.size() == 1) {
            return candidates.get(0).taskDefinition();
        }
        List<Candidate> running = candidates.stream()
                .filter(c -> c.taskDefinition().containers().stream().anyMatch(ct -> ImageNames.sameRepository(ct.image(), builtRepository)))
                .toList();
        if (running.size() == 1) {
            return running.get(0).taskDefinition();
        }
        throw new PreflightException("taskDefinition " + source + ": holds " + candidates.size() + " task definitions; "
                + "name one with ecsPreflight.taskDefinitionResource: " + addresses(running.isEmpty() ? candidates : running));
    }

    private static String addresses(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::address).collect(Collectors.joining(", "));
    }
}
