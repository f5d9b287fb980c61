package io.github.ecspreflight.ecs;

/**
 * Which task definition to read.
 *
 * @param source {@code taskDefinition}: a file or directory, {@code ecs:FAMILY[:REVISION]} or an ARN; null when
 *     {@code cluster} and {@code service} name it
 * @param resource {@code taskDefinitionResource}, to pick among several; may be null
 * @param cluster with {@code service}: the live service whose task definition to read; may be null
 * @param inputs the variables, variable files and parameters a Terraform or CloudFormation source is given
 */
public record TaskDefinitionQuery(String source, String resource, String cluster, String service, SourceInputs inputs) {

    public TaskDefinitionQuery {
        inputs = inputs == null ? SourceInputs.NONE : inputs;
    }

    public TaskDefinitionQuery(String source, String resource, String cluster, String service) {
        this(source, resource, cluster, service, SourceInputs.NONE);
    }

    /** The source as the user named it, for messages. */
    public String describe() {
        return service != null && !service.isBlank()
                ? "service " + service + " in cluster " + cluster
                : "taskDefinition " + source;
    }

    public boolean isLive() {
        return service != null && !service.isBlank()
                || source != null
                        && (source.trim().startsWith("ecs:") || source.trim().startsWith("arn:"));
    }
}
