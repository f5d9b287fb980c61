package io.github.ecspreflight.ecs;

import io.github.ecspreflight.PreflightException;

/** A Terraform plan as {@code terraform show -json plan.out} writes it. */
public final class TerraformPlanReader {

    private TerraformPlanReader() {}

    public static boolean looksLikePlan(LocatedJson json) {
        return json.root().has("planned_values") || json.root().has("format_version") && json.root().has("terraform_version");
    }

    public static TaskDefinition read(LocatedJson json, String resource, String builtRepository) throws PreflightException {
        throw json.error("Terraform plans are not supported by this version yet; export the task definition as ECS JSON");
    }
}
