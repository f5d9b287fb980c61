package io.github.ecspreflight.ecs.plan;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.Deployment;
import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.json.TaskDefinitionJsonReader;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@code aws_ecs_task_definition} of a plan as a {@link TaskDefinition}. Values are as planned; an attribute the
 * plan marks {@code after_unknown} is kept as {@code ${reference}}; every location is a line of the plan document.
 */
public final class PlanTaskDefinition {

    private final LocatedJson plan;
    private final PlanResources resources;
    private final PlanResources.Planned resource;
    private final JsonNode values;
    private final JsonNode unknown;

    private PlanTaskDefinition(LocatedJson plan, PlanResources resources, PlanResources.Planned resource) {
        this.plan = plan;
        this.resources = resources;
        this.resource = resource;
        this.values = resource.values(plan);
        this.unknown = resources.afterUnknown(resource);
    }

    public static Candidate read(LocatedJson plan, PlanResources resources, PlanResources.Planned resource)
            throws PreflightException {
        return new PlanTaskDefinition(plan, resources, resource).read();
    }

    private Candidate read() throws PreflightException {
        JsonPointer at = resource.valuesAt();
        String cpu = null;
        String os = null;
        SourceLocation cpuAt = null;
        SourceLocation osAt = null;
        JsonPointer platformAt = at.appendProperty("runtime_platform");
        JsonNode platform = values.path("runtime_platform");
        if (platform.isArray() && !platform.isEmpty()) {
            JsonNode platformUnknown = unknown.path("runtime_platform").path(0);
            cpu = text(platform.get(0), "cpu_architecture", platformUnknown, "runtime_platform");
            os = text(platform.get(0), "operating_system_family", platformUnknown, "runtime_platform");
            JsonPointer first = platformAt.appendIndex(0);
            cpuAt = locate(first.appendProperty("cpu_architecture"), platformAt);
            osAt = locate(first.appendProperty("operating_system_family"), platformAt);
        } else if (unknown.path("runtime_platform").asBoolean(false)) {
            cpu = resources.unknownPlaceholder(resource, "runtime_platform");
            os = cpu;
        }
        String role = text(values, "execution_role_arn", unknown, "execution_role_arn");
        ExecutionRoleEvidence evidence =
                role == null ? null : TerraformPlanIamEvidence.forExecutionRole(plan, resources, resource, role);
        TaskDefinition task = new TaskDefinition(
                plan.displayName(),
                text(values, "family", unknown, "family"),
                null,
                cpu,
                os,
                strings(values.path("requires_compatibilities")),
                role,
                placementConstraints(),
                containers(),
                new TaskDefinition.Locations(
                        plan.locateValue(resource.at()),
                        cpuAt,
                        osAt,
                        plan.locateExactly(at.appendProperty("execution_role_arn"))),
                TaskDefinition.Format.TERRAFORM_PLAN,
                text(values, "memory", unknown, "memory"),
                text(values, "cpu", unknown, "cpu"),
                text(values, "network_mode", unknown, "network_mode"));
        return new Candidate(resource.address(), task, Deployment.withRole(evidence));
    }

    /** The attribute's line, else its block's line; null when neither is in the plan. */
    private SourceLocation locate(JsonPointer attribute, JsonPointer block) {
        SourceLocation exact = plan.locateExactly(attribute);
        return exact != null ? exact : plan.locateExactly(block);
    }

    /** A string value; {@code ${reference}} when the plan does not know it yet; null when absent. */
    private String text(JsonNode object, String field, JsonNode unknownObject, String configurationAttribute) {
        JsonNode value = object.path(field);
        if (value.isValueNode() && !value.isNull()) {
            return value.asText();
        }
        if (unknownObject.path(field).asBoolean(false) || unknownObject.asBoolean(false)) {
            return resources.unknownPlaceholder(resource, configurationAttribute);
        }
        return null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(item -> strings.add(item.asText()));
        return strings;
    }

    private List<PlacementConstraint> placementConstraints() {
        List<PlacementConstraint> constraints = new ArrayList<>();
        for (JsonNode constraint : values.path("placement_constraints")) {
            constraints.add(new PlacementConstraint(
                    constraint.path("type").asText(null),
                    constraint.path("expression").asText(null)));
        }
        return constraints;
    }

    /** The decoded {@code container_definitions} string, each container located on its line in the plan. */
    private List<ContainerDefinition> containers() throws PreflightException {
        JsonPointer at = resource.valuesAt().appendProperty("container_definitions");
        JsonNode definitions = values.path("container_definitions");
        if (!definitions.isTextual()) {
            String why = unknown.path("container_definitions").asBoolean(false)
                    ? " is not known until apply (" + resources.unknownPlaceholder(resource, "container_definitions")
                            + "); check the Terraform sources instead, or plan once the values it depends on exist"
                    : " is missing";
            throw new PreflightException("taskDefinition " + plan.locate(resource.at()) + ": " + resource.address()
                    + " container_definitions" + why);
        }
        SourceLocation line = plan.locate(at);
        LocatedJson decoded = LocatedJson.parse(
                definitions.textValue().getBytes(StandardCharsets.UTF_8),
                plan.displayName(),
                LocatedJson.Syntax.JSON,
                LocatedJson.TagHandler.IGNORE,
                line.line());
        List<ContainerDefinition> located = new ArrayList<>();
        // the decoded string is one line of the plan: every container and its logConfiguration are on that line
        for (ContainerDefinition c : TaskDefinitionJsonReader.readContainerDefinitions(decoded, JsonPointer.empty())) {
            located.add(c.locatedAt(line, line));
        }
        return located;
    }
}
