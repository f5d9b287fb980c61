package io.github.ecspreflight.ecs;

import io.github.ecspreflight.AwsSettings;

/** Chooses how live task definitions are read: not at all offline, else through the AWS SDK. */
public final class LiveSources {

    private LiveSources() {}

    public static LiveTaskDefinitions create(AwsSettings aws) {
        if (aws.offline()) {
            return LiveTaskDefinitions.unavailable("mvn -o (offline) makes no AWS call; check a task-definition file "
                    + "instead, or run online");
        }
        return LiveTaskDefinitions.unavailable("live ECS sources are not supported by this version yet; save it with "
                + "aws ecs describe-task-definition and name that file");
    }
}
