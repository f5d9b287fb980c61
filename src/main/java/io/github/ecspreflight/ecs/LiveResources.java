package io.github.ecspreflight.ecs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What AWS said exists of what a live task definition references (EP106, EP304), asked by metadata calls only: never
 * a secret's value.
 *
 * @param exists each resource asked about: true when it exists, false when AWS says it does not; a resource AWS would
 *     not say (access denied, unreachable) is absent, and {@code unavailable} tells why
 * @param unavailable for each kind that could not be asked, why; for the rule's outcome
 */
public record LiveResources(Map<Resource, Boolean> exists, Map<Kind, String> unavailable) {

    public LiveResources {
        exists = Map.copyOf(exists);
        unavailable = Map.copyOf(unavailable);
    }

    /** The kinds of resource a task definition references for ECS to fetch before the containers start. */
    public enum Kind {
        SECRET,
        PARAMETER,
        ENVIRONMENT_FILE,
        LOG_GROUP
    }

    /**
     * One referenced resource.
     *
     * @param id a secret's ARN (without a JSON-key suffix), a parameter's name (with its leading slash, if any), an S3
     *     object's ARN, or a log group's name
     * @param region where it lives; null for S3 objects, whose ARNs name none
     */
    public record Resource(Kind kind, String id, String region) {

        // Written out: a record's generated equals and hashCode link java.lang.invoke on their first call, which costs
        // a cold JVM (every build's) some 25 ms; with Rule, this is a record the check path hashes.
        @Override
        public boolean equals(Object other) {
            return other instanceof Resource resource
                    && kind == resource.kind
                    && Objects.equals(id, resource.id)
                    && Objects.equals(region, resource.region);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, id, region);
        }
    }

    /** What the task definition references, in the order it does, each once. */
    public static List<Resource> referencedBy(TaskDefinition task, String defaultRegion) {
        LinkedHashSet<Resource> resources = new LinkedHashSet<>();
        for (ContainerDefinition container : task.containers()) {
            for (ContainerStartup.Secret secret : container.startup().secrets()) {
                String from = secret.valueFrom();
                if (from == null || TaskDefinition.isUnknown(from)) {
                    continue;
                }
                String[] arn = from.split(":");
                if (ExecutionRoleActions.SECRETS_MANAGER.equals(ExecutionRoleActions.secretService(from))) {
                    resources.add(new Resource(Kind.SECRET, ExecutionRoleActions.secretArn(from), arn[3]));
                } else if (from.matches("arn:aws[a-z-]*:ssm:.*")) {
                    // the ARN drops a path's leading slash: parameter/orders/flags names /orders/flags, while
                    // parameter/flags names flags (a name with a slash must start with one)
                    String rest = from.substring(from.indexOf(":parameter/") + ":parameter/".length());
                    String name = rest.startsWith("/") || !rest.contains("/") ? rest : "/" + rest;
                    resources.add(new Resource(Kind.PARAMETER, name, arn[3]));
                } else {
                    resources.add(new Resource(Kind.PARAMETER, from, defaultRegion));
                }
            }
            for (String file : container.startup().environmentFiles()) {
                if (!TaskDefinition.isUnknown(file) && file.matches("arn:aws[a-z-]*:s3:::[^/]+/.+")) {
                    resources.add(new Resource(Kind.ENVIRONMENT_FILE, file, null));
                }
            }
            LogConfiguration logs = container.logConfiguration();
            if (logs != null
                    && "awslogs".equals(logs.logDriver())
                    && logs.option("awslogs-group") != null
                    && !"true".equalsIgnoreCase(logs.option("awslogs-create-group"))) {
                String region = logs.option("awslogs-region");
                resources.add(new Resource(
                        Kind.LOG_GROUP, logs.option("awslogs-group"), region == null ? defaultRegion : region));
            }
        }
        return List.copyOf(resources);
    }
}
