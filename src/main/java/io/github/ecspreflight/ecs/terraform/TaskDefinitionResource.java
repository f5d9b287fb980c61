package io.github.ecspreflight.ecs.terraform;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerStartup;
import io.github.ecspreflight.ecs.Deployment;
import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.hcl.Body;
import io.github.ecspreflight.hcl.EvalException;
import io.github.ecspreflight.hcl.Functions;
import io.github.ecspreflight.hcl.Value;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One {@code aws_ecs_task_definition} resource as a {@link TaskDefinition}, every attribute located. */
public final class TaskDefinitionResource {

    public static final String TYPE = "aws_ecs_task_definition";

    private final TerraformModule module;
    private final TerraformModule.Resource resource;

    private TaskDefinitionResource(TerraformModule module, TerraformModule.Resource resource) {
        this.module = module;
        this.resource = resource;
    }

    /**
     * @param source what the user named ({@code taskDefinition}), recorded as the task definition's source
     */
    public static Candidate read(TerraformModule module, TerraformModule.Resource resource, String source)
            throws PreflightException {
        return new TaskDefinitionResource(module, resource).read(source);
    }

    private Candidate read(String source) throws PreflightException {
        Body body = resource.body();
        SourceLocation cpuAt = null;
        SourceLocation osAt = null;
        String cpu = null;
        String os = null;
        List<TerraformModule.BlockInstance> platforms = module.blocks(body, "runtime_platform", resource.scope());
        if (!platforms.isEmpty()) {
            TerraformModule.BlockInstance platform = platforms.get(0);
            cpu = string(module.attribute(platform, "cpu_architecture"));
            os = string(module.attribute(platform, "operating_system_family"));
            cpuAt = attributeLine(platform, "cpu_architecture");
            osAt = attributeLine(platform, "operating_system_family");
        }
        Optional<Body.Attribute> role = body.attribute("execution_role_arn");
        String executionRoleArn =
                role.isEmpty() ? null : string(module.evaluate(role.get().expr(), resource.scope()));
        ExecutionRoleEvidence evidence = role.isEmpty()
                ? null
                : TerraformIamEvidence.forExecutionRole(module, role.get().expr());
        TaskDefinition task = new TaskDefinition(
                source,
                string(attribute("family")),
                null,
                cpu,
                os,
                strings(attribute("requires_compatibilities")),
                executionRoleArn,
                placementConstraints(body),
                withKmsKeys(ContainerDefinitionsReader.read(module, resource)),
                new TaskDefinition.Locations(
                        resource.location(),
                        cpuAt,
                        osAt,
                        role.map(a -> HclPositions.located(a.span().location())).orElse(null)),
                TaskDefinition.Format.TERRAFORM,
                string(attribute("memory")),
                string(attribute("cpu")),
                string(attribute("network_mode")));
        return new Candidate(resource.address(), task, Deployment.withRole(evidence));
    }

    private Value attribute(String name) throws PreflightException {
        Optional<Body.Attribute> attribute = resource.body().attribute(name);
        return attribute.isEmpty() ? null : module.evaluate(attribute.get().expr(), resource.scope());
    }

    /** {@code ${aws_secretsmanager_secret.NAME.arn}}, {@code ${aws_ssm_parameter.NAME.arn}}: a secret of this module. */
    private static final java.util.regex.Pattern SECRET_RESOURCE = java.util.regex.Pattern.compile(
            "\\$\\{(aws_secretsmanager_secret|aws_ssm_parameter)\\.([A-Za-z0-9_-]+)\\.(?:arn|name|id)}");

    /**
     * The KMS key each secret of this module is encrypted with ({@code kms_key_id} of its
     * {@code aws_secretsmanager_secret}, {@code key_id} of its {@code aws_ssm_parameter}), so that the execution role's
     * {@code kms:Decrypt} is judged too.
     */
    private List<ContainerDefinition> withKmsKeys(List<ContainerDefinition> containers) throws PreflightException {
        List<ContainerDefinition> keyed = new ArrayList<>();
        for (ContainerDefinition container : containers) {
            List<ContainerStartup.Secret> secrets = new ArrayList<>();
            boolean changed = false;
            for (ContainerStartup.Secret secret : container.startup().secrets()) {
                java.util.regex.Matcher reference =
                        secret.valueFrom() == null ? null : SECRET_RESOURCE.matcher(secret.valueFrom());
                Optional<TerraformModule.Resource> defined = reference != null && reference.matches()
                        ? module.resource(reference.group(1), reference.group(2))
                        : Optional.empty();
                String attribute = reference != null
                                && reference.matches()
                                && reference.group(1).equals("aws_ssm_parameter")
                        ? "key_id"
                        : "kms_key_id";
                Optional<Body.Attribute> key = defined.flatMap(r -> r.body().attribute(attribute));
                if (key.isPresent()) {
                    secrets.add(secret.encryptedWith(string(
                            module.evaluate(key.get().expr(), defined.get().scope()))));
                    changed = true;
                } else {
                    secrets.add(secret);
                }
            }
            keyed.add(changed ? container.withStartup(container.startup().withSecrets(secrets)) : container);
        }
        return keyed;
    }

    /** The attribute's line, else the block's (where it must be added); null when the block is not written either. */
    private static SourceLocation attributeLine(TerraformModule.BlockInstance block, String name) {
        return HclPositions.located(block.body()
                .attribute(name)
                .map(a -> a.span().location())
                .orElse(block.span().location()));
    }

    private List<PlacementConstraint> placementConstraints(Body body) throws PreflightException {
        List<PlacementConstraint> constraints = new ArrayList<>();
        for (TerraformModule.BlockInstance block : module.blocks(body, "placement_constraints", resource.scope())) {
            constraints.add(new PlacementConstraint(
                    string(module.attribute(block, "type")), string(module.attribute(block, "expression"))));
        }
        return constraints;
    }

    /** A string attribute as the task definition holds it: unknown as {@code ${expression}}, absent or null as null. */
    static String string(Value value) {
        if (value == null || value instanceof Value.Null) {
            return null;
        }
        if (value instanceof Value.Unknown unknown) {
            return unknown.placeholder();
        }
        try {
            return Functions.string(value);
        } catch (EvalException e) {
            // a list or object where a string belongs: Terraform rejects it; say nothing rather than guess
            return "${" + Value.typeName(value) + "}";
        }
    }

    static List<String> strings(Value value) {
        if (value == null || value instanceof Value.Null) {
            return List.of();
        }
        if (value instanceof Value.Tuple tuple) {
            List<String> strings = new ArrayList<>();
            tuple.items().forEach(item -> strings.add(string(item)));
            return strings;
        }
        return List.of(string(value));
    }
}
