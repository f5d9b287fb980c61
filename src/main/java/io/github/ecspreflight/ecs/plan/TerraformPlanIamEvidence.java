package io.github.ecspreflight.ecs.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import io.github.ecspreflight.iam.ManagedPolicies;
import io.github.ecspreflight.iam.PolicyCollector;
import io.github.ecspreflight.iam.PolicyJson;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The execution role's permissions as a plan shows them: the planned {@code aws_iam_role} (found by its ARN, or by the
 * reference {@code execution_role_arn} was written with) and the attachments and inline policies planned for it. A
 * role or policy attribute the plan does not know yet, if the configuration sets it, leaves the evidence incomplete.
 */
public final class TerraformPlanIamEvidence {

    private final LocatedJson plan;
    private final PlanResources resources;
    private final PlanResources.Planned role;
    private final PolicyCollector collected = new PolicyCollector();

    private TerraformPlanIamEvidence(LocatedJson plan, PlanResources resources, PlanResources.Planned role) {
        this.plan = plan;
        this.resources = resources;
        this.role = role;
    }

    /**
     * @param roleArn the planned {@code execution_role_arn}, {@code ${reference}} when not known yet
     * @return null when the role is not planned in this document (defined elsewhere)
     */
    public static ExecutionRoleEvidence forExecutionRole(
            LocatedJson plan, PlanResources resources, PlanResources.Planned taskDefinition, String roleArn) {
        Optional<PlanResources.Planned> role = findRole(plan, resources, taskDefinition, roleArn);
        return role.map(r -> new TerraformPlanIamEvidence(plan, resources, r).collect())
                .orElse(null);
    }

    private static Optional<PlanResources.Planned> findRole(
            LocatedJson plan, PlanResources resources, PlanResources.Planned taskDefinition, String roleArn) {
        List<PlanResources.Planned> roles = resources.ofType("aws_iam_role");
        if (!TaskDefinition.isUnknown(roleArn)) {
            return roles.stream()
                    .filter(r -> roleArn.equals(r.values(plan).path("arn").asText(null)))
                    .findFirst();
        }
        Optional<String> name = referencedName(resources, taskDefinition, "execution_role_arn", "aws_iam_role");
        return name.flatMap(n -> roles.stream()
                .filter(r -> r.name().equals(n) && r.modules().equals(taskDefinition.modules()))
                .findFirst());
    }

    /** The NAME of the {@code TYPE.NAME} reference an attribute was written with, in the same module. */
    private static Optional<String> referencedName(
            PlanResources resources, PlanResources.Planned resource, String attribute, String type) {
        JsonNode references = resources
                .configuration(resource)
                .map(c -> c.path("expressions").path(attribute).path("references"))
                .orElse(null);
        if (references == null) {
            return Optional.empty();
        }
        for (JsonNode reference : references) {
            String[] parts = reference.asText().split("\\.");
            if (parts.length >= 2 && parts[0].equals(type)) {
                return Optional.of(parts[1].replaceAll("\\[.*$", ""));
            }
        }
        return Optional.empty();
    }

    private ExecutionRoleEvidence collect() {
        JsonNode values = role.values(plan);
        JsonNode unknown = resources.afterUnknown(role);
        for (JsonNode arn : values.path("managed_policy_arns")) {
            managed(arn.asText());
        }
        for (JsonNode inline : values.path("inline_policy")) {
            if (inline.hasNonNull("policy") && !inline.path("policy").asText().isEmpty()) {
                PolicyJson.read(
                        inline.path("policy").asText(),
                        "inline policy " + inline.path("name").asText(),
                        collected);
            }
        }
        for (String attribute : List.of("managed_policy_arns", "inline_policy")) {
            if (isUnknown(unknown, attribute) && configures(role, attribute)) {
                collected.incomplete();
            }
        }
        String roleName = values.path("name").asText(null);
        for (PlanResources.Planned attachment : resources.ofType("aws_iam_role_policy_attachment")) {
            if (targets(attachment, roleName)) {
                policyArn(attachment);
            }
        }
        for (PlanResources.Planned inline : resources.ofType("aws_iam_role_policy")) {
            if (targets(inline, roleName)) {
                JsonNode policy = inline.values(plan).path("policy");
                if (policy.isTextual()) {
                    PolicyJson.read(policy.textValue(), inline.address(), collected);
                } else {
                    collected.unread(inline.address());
                }
            }
        }
        return collected.staticEvidence(role.address(), plan.locateValue(role.at()));
    }

    private boolean targets(PlanResources.Planned attachment, String roleName) {
        JsonNode given = attachment.values(plan).path("role");
        if (given.isTextual() && roleName != null) {
            return given.textValue().equals(roleName);
        }
        Optional<String> referenced = referencedName(resources, attachment, "role", "aws_iam_role");
        if (referenced.isPresent()) {
            return referenced.get().equals(role.name()) && attachment.modules().equals(role.modules());
        }
        // neither name nor reference can be compared: it might be this role's
        collected.incomplete();
        return false;
    }

    private void policyArn(PlanResources.Planned attachment) {
        JsonNode arn = attachment.values(plan).path("policy_arn");
        if (arn.isTextual()) {
            Optional<PlanResources.Planned> customer = resources.ofType("aws_iam_policy").stream()
                    .filter(p ->
                            arn.textValue().equals(p.values(plan).path("arn").asText(null)))
                    .findFirst();
            if (customer.isPresent()) {
                customerPolicy(customer.get());
            } else {
                managed(arn.textValue());
            }
            return;
        }
        Optional<String> name = referencedName(resources, attachment, "policy_arn", "aws_iam_policy");
        Optional<PlanResources.Planned> customer = name.flatMap(n -> resources.ofType("aws_iam_policy").stream()
                .filter(p -> p.name().equals(n) && p.modules().equals(attachment.modules()))
                .findFirst());
        if (customer.isPresent()) {
            customerPolicy(customer.get());
        } else {
            collected.incomplete();
        }
    }

    private void customerPolicy(PlanResources.Planned policy) {
        JsonNode document = policy.values(plan).path("policy");
        if (document.isTextual()) {
            PolicyJson.read(document.textValue(), policy.address(), collected);
        } else {
            collected.unread(policy.address());
        }
    }

    private void managed(String arn) {
        String name = arn.substring(arn.lastIndexOf('/') + 1);
        Optional<Set<String>> actions = ManagedPolicies.actions(arn);
        if (actions.isPresent()) {
            collected.allow(name, actions.get());
        } else {
            collected.unread(name);
        }
    }

    private static boolean isUnknown(JsonNode afterUnknown, String attribute) {
        JsonNode node = afterUnknown.path(attribute);
        return node.asBoolean(false);
    }

    private boolean configures(PlanResources.Planned resource, String attribute) {
        return resources
                .configuration(resource)
                .map(c -> c.path("expressions").has(attribute))
                // without a configuration section, an unknown attribute may hold anything
                .orElse(true);
    }
}
