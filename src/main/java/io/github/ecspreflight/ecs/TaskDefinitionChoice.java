package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.ImageNames;
import java.util.List;

/**
 * Picks the task definition the built image runs in, when a source holds several: the only one, else the only one
 * with a container that runs the built repository, else an error listing the addresses. The source's reader has
 * already narrowed them to the one {@code taskDefinitionResource} names, since only it knows its addresses.
 */
public final class TaskDefinitionChoice {

    private TaskDefinitionChoice() {}

    /** The chosen candidate; {@code builtRepository} may be null (an image named by digest only). */
    public static Candidate select(Candidates source, String builtRepository) throws PreflightException {
        List<Candidate> candidates = source.candidates();
        if (candidates.isEmpty()) {
            throw new PreflightException("taskDefinition " + source.source() + ": no ECS task definition found in it");
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        List<Candidate> running = candidates.stream()
                .filter(c -> c.taskDefinition().containers().stream()
                        .anyMatch(ct -> ImageNames.sameRepository(ct.image(), builtRepository)))
                .toList();
        if (running.size() == 1) {
            return running.get(0);
        }
        throw new PreflightException("taskDefinition " + source.source() + ": holds " + candidates.size()
                + " task definitions; name one with ecsPreflight.taskDefinitionResource: "
                + addresses(running.isEmpty() ? candidates : running));
    }

    /** Whether {@code taskDefinitionResource} names this address: whole, or its last parts ({@code app} for {@code aws_ecs_task_definition.app}). */
    public static boolean names(String address, String resource) {
        String wanted = resource.trim();
        return address.equals(wanted) || address.endsWith("." + wanted);
    }

    /** {@code taskDefinitionResource} names nothing the source holds. */
    public static PreflightException notFound(String resource, String source, List<String> addresses) {
        return new PreflightException("taskDefinitionResource '" + resource + "': not in " + source + "; it holds "
                + Messages.list(addresses));
    }

    private static String addresses(List<Candidate> candidates) {
        return Messages.list(candidates.stream().map(Candidate::address).toList());
    }
}
