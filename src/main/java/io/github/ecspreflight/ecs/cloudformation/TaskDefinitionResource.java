package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.Deployment;
import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.cloudformation.Value.Known;
import io.github.ecspreflight.ecs.cloudformation.Value.Unknown;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code AWS::ECS::TaskDefinition} resource as the checks' model: {@code Family}, {@code RequiresCompatibilities},
 * {@code ExecutionRoleArn}, {@code PlacementConstraints}, {@code RuntimePlatform} and {@code ContainerDefinitions},
 * each located on the line to edit, and what the template shows of the execution role's permissions.
 */
public final class TaskDefinitionResource {

    public static final String TYPE = "AWS::ECS::TaskDefinition";

    private TaskDefinitionResource() {}

    public static Candidate read(Intrinsics intrinsics, String logicalId) throws PreflightException {
        Template template = intrinsics.template();
        Fields fields = new Fields(intrinsics);
        JsonPointer resourceAt = Template.pointer(logicalId);
        JsonPointer propertiesAt = resourceAt.appendProperty("Properties");
        Value value = intrinsics.resolve(propertiesAt);
        if (value instanceof Unknown || value instanceof Value.Absent) {
            throw template.error(
                    resourceAt,
                    "resource " + logicalId + " has no Properties: an ECS task definition "
                            + "needs ContainerDefinitions");
        }
        Known properties = fields.object(value, propertiesAt);

        Platform platform = runtimePlatform(fields, properties);
        JsonPointer roleAt = Fields.at(properties, "ExecutionRoleArn");
        String executionRoleArn = fields.string(properties, "ExecutionRoleArn");
        TaskDefinition.Locations locations = new TaskDefinition.Locations(
                template.locate(logicalId),
                platform.cpuLocation(),
                platform.osLocation(),
                executionRoleArn == null ? null : template.locate(roleAt));

        TaskDefinition task = new TaskDefinition(
                template.displayName(),
                fields.string(properties, "Family"),
                null,
                platform.cpuArchitecture(),
                platform.operatingSystemFamily(),
                fields.strings(properties, "RequiresCompatibilities"),
                executionRoleArn,
                placementConstraints(fields, properties),
                new ContainerProperties(fields).read(properties),
                locations,
                TaskDefinition.Format.CLOUDFORMATION,
                fields.string(properties, "Memory"),
                fields.string(properties, "Cpu"),
                fields.string(properties, "NetworkMode"));
        return new Candidate(
                logicalId,
                task,
                Deployment.withRole(
                        executionRoleArn == null
                                ? null
                                : CloudFormationIamEvidence.of(
                                        template, properties.node().get("ExecutionRoleArn"), roleAt)));
    }

    /** {@code RuntimePlatform} and where to point: its member's line, else its own line, else null (the resource). */
    private record Platform(
            String cpuArchitecture,
            String operatingSystemFamily,
            SourceLocation cpuLocation,
            SourceLocation osLocation) {}

    private static Platform runtimePlatform(Fields fields, Known properties) throws PreflightException {
        JsonPointer at = Fields.at(properties, "RuntimePlatform");
        Value value = fields.member(properties, "RuntimePlatform");
        SourceLocation line = fields.template().locate(at);
        if (value instanceof Unknown unknown) {
            return new Platform(unknown.expression(), unknown.expression(), line, line);
        }
        Known platform = fields.object(value, at);
        if (platform == null) {
            return new Platform(null, null, null, null);
        }
        String cpu = fields.string(platform, "CpuArchitecture");
        String os = fields.string(platform, "OperatingSystemFamily");
        return new Platform(
                cpu,
                os,
                cpu == null ? line : fields.template().locate(Fields.at(platform, "CpuArchitecture")),
                os == null ? line : fields.template().locate(Fields.at(platform, "OperatingSystemFamily")));
    }

    private static List<PlacementConstraint> placementConstraints(Fields fields, Known properties)
            throws PreflightException {
        Value value = fields.member(properties, "PlacementConstraints");
        if (!(value instanceof Known)) {
            // an unknown list may hold a cpu-architecture constraint or none: as if absent, EP007 says it is unknown
            return List.of();
        }
        List<PlacementConstraint> constraints = new ArrayList<>();
        for (Value element :
                fields.elements(value, Fields.at(properties, "PlacementConstraints"), "{Type, Expression} objects")) {
            if (element instanceof Known known) {
                Known constraint = fields.object(known, known.at());
                constraints.add(new PlacementConstraint(
                        fields.string(constraint, "Type"), fields.string(constraint, "Expression")));
            }
        }
        return constraints;
    }
}
