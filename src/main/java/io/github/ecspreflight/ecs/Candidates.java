package io.github.ecspreflight.ecs;

import java.util.List;

/**
 * What one task-definition source holds: one task definition, or several to choose among (a Terraform directory, a
 * CloudFormation template, a plan), each read without knowing anything of the image.
 *
 * @param source the source as the user named it, for messages
 */
public record Candidates(String source, List<Candidate> candidates) {

    public Candidates {
        candidates = List.copyOf(candidates);
    }

    public static Candidates of(Candidate only) {
        return new Candidates(only.taskDefinition().source(), List.of(only));
    }

    /** {@code 2 task definitions: aws_ecs_task_definition.api, aws_ecs_task_definition.worker}, for the debug log. */
    public String describe() {
        return candidates.size()
                + (candidates.size() == 1 ? " task definition" : " task definitions")
                + (candidates.isEmpty()
                        ? ""
                        : ": "
                                + String.join(
                                        ", ",
                                        candidates.stream()
                                                .map(c -> c.address() == null
                                                        ? c.taskDefinition().source()
                                                        : c.address())
                                                .toList()));
    }
}
