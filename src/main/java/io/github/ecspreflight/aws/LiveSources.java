package io.github.ecspreflight.aws;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
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
        return new OnFirstRead(aws, cluster);
    }

    /**
     * Creates the SDK's reader on the first live read. Most builds check a file: even loading {@link
     * SdkTaskDefinitions} would load the SDK's exception classes its handlers name, a cost paid for nothing.
     */
    private static final class OnFirstRead implements LiveTaskDefinitions {
        private final AwsSettings aws;
        private final String cluster;
        private LiveTaskDefinitions sdk;

        OnFirstRead(AwsSettings aws, String cluster) {
            this.aws = aws;
            this.cluster = cluster;
        }

        @Override
        public Candidate describe(String reference) throws PreflightException {
            return sdk().describe(reference);
        }

        @Override
        public Candidate forService(String cluster, String service) throws PreflightException {
            return sdk().forService(cluster, service);
        }

        private LiveTaskDefinitions sdk() {
            if (sdk == null) {
                sdk = new SdkTaskDefinitions(aws, cluster);
            }
            return sdk;
        }
    }
}
