package io.github.ecspreflight.ecs.plan;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.Candidates;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskDefinitionChoice;
import io.github.ecspreflight.ecs.terraform.TaskDefinitionResource;
import java.util.ArrayList;
import java.util.List;

/**
 * A Terraform plan as {@code terraform show -json plan.out} writes it (also a state, {@code terraform show -json}):
 * task definitions of the root module and of every child module, including registry modules whose sources this
 * plugin never reads, with their values as Terraform computed them.
 */
public final class TerraformPlanReader {

    private TerraformPlanReader() {}

    public static boolean looksLikePlan(LocatedJson json) {
        return json.root().has("planned_values")
                || json.root().has("format_version") && json.root().has("terraform_version");
    }

    public static Candidates read(LocatedJson json, String resource) throws PreflightException {
        PlanResources resources = new PlanResources(json);
        List<PlanResources.Planned> planned = resources.ofType(TaskDefinitionResource.TYPE);
        if (planned.isEmpty()) {
            throw json.error("no aws_ecs_task_definition in the plan's planned_values (is it the output of "
                    + "terraform show -json plan.out?)");
        }
        if (resource != null && !resource.isBlank()) {
            List<PlanResources.Planned> named = named(planned, resource.trim());
            if (named.size() != 1) {
                named = planned.stream()
                        .filter(p -> TaskDefinitionChoice.names(p.address(), resource))
                        .limit(1)
                        .toList();
            }
            if (named.isEmpty()) {
                throw TaskDefinitionChoice.notFound(
                        resource,
                        json.displayName(),
                        planned.stream().map(PlanResources.Planned::address).toList());
            }
            return new Candidates(json.displayName(), List.of(PlanTaskDefinition.read(json, resources, named.get(0))));
        }
        if (planned.size() == 1) {
            return new Candidates(
                    json.displayName(), List.of(PlanTaskDefinition.read(json, resources, planned.get(0))));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (PlanResources.Planned p : planned) {
            try {
                candidates.add(PlanTaskDefinition.read(json, resources, p));
            } catch (PreflightException e) {
                // unreadable: a candidate that runs nothing, never picked silently in place of another
                candidates.add(Candidate.unreadable(
                        p.address(),
                        json.displayName(),
                        json.locateValue(p.at()),
                        TaskDefinition.Format.TERRAFORM_PLAN));
            }
        }
        return new Candidates(json.displayName(), candidates);
    }

    /** Addresses matching the name, also without their module path or their {@code [0]} instance key. */
    private static List<PlanResources.Planned> named(List<PlanResources.Planned> planned, String wanted) {
        List<PlanResources.Planned> exact = planned.stream()
                .filter(p -> p.address().equals(wanted) || p.address().endsWith("." + wanted))
                .toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        return planned.stream()
                .filter(p -> {
                    String bare = p.address().replaceAll("\\[[^\\]]*]$", "");
                    return bare.equals(wanted) || bare.endsWith("." + wanted);
                })
                .toList();
    }
}
