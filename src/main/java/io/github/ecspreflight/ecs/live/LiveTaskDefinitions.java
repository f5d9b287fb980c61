package io.github.ecspreflight.ecs.live;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;

/** Task definitions as ECS itself holds them: what is deployed, not what a repository says. */
public interface LiveTaskDefinitions {

    /** {@code ecs:FAMILY[:REVISION]} or a task-definition ARN. */
    Candidate describe(String reference) throws PreflightException;

    /** The task definition a service runs. */
    Candidate forService(String cluster, String service) throws PreflightException;

    /** For builds that reach no AWS endpoint: every live source is refused with a message naming it. */
    static LiveTaskDefinitions unavailable(String why) {
        return new LiveTaskDefinitions() {
            @Override
            public Candidate describe(String reference) throws PreflightException {
                throw new PreflightException("taskDefinition " + reference + ": " + why);
            }

            @Override
            public Candidate forService(String cluster, String service) throws PreflightException {
                throw new PreflightException("service " + service + " (cluster " + cluster + "): " + why);
            }
        };
    }
}
