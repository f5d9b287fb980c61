package io.github.ecspreflight.aws;

import io.github.ecspreflight.ecs.live.LiveTaskDefinitions;

/** Chooses how live task definitions are read: not at all offline, else through the AWS SDK. */
public final class LiveSources {

    private LiveSources() {}

    /**
     * @param cluster the user's {@code cluster}: for a task definition named without a service that runs on the EC2
     *     launch type, whose instances' CPUs tell where it runs; may be null
     */
    public static LiveTaskDefinitions create(AwsSettings aws, String cluster) {
        if (aws.offline()) {
            return LiveTaskDefinitions.unavailable("mvn -o (offline) makes no AWS call; check a task-definition file "
                    + "instead (aws ecs describe-task-definition output), or run online");
        }
        return new SdkTaskDefinitions(aws, cluster);
    }
}
