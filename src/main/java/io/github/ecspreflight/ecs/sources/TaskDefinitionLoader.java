package io.github.ecspreflight.ecs.sources;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.Candidates;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.ecs.cloudformation.CloudFormationReader;
import io.github.ecspreflight.ecs.json.TaskDefinitionJsonReader;
import io.github.ecspreflight.ecs.live.LiveTaskDefinitions;
import io.github.ecspreflight.ecs.plan.TerraformPlanReader;
import io.github.ecspreflight.ecs.terraform.TerraformReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the task definition the user named: decides the kind of source by what the file holds, not only by its name,
 * and hands it to the reader for that kind.
 */
public final class TaskDefinitionLoader {

    private final Path baseDirectory;
    private final LiveTaskDefinitions live;

    public TaskDefinitionLoader(Path baseDirectory, LiveTaskDefinitions live) {
        this.baseDirectory = baseDirectory;
        this.live = live;
    }

    /** Every task definition the query names: one, or several to choose among, each read knowing nothing of the image. */
    public Candidates candidates(TaskDefinitionQuery query) throws PreflightException {
        if (query.service() != null && !query.service().isBlank()) {
            if (query.cluster() == null || query.cluster().isBlank()) {
                throw new PreflightException("service " + query.service() + ": set ecsPreflight.cluster too");
            }
            return Candidates.of(
                    live.forService(query.cluster().trim(), query.service().trim()));
        }
        String source = query.source();
        if (source == null || source.isBlank()) {
            throw new PreflightException("taskDefinition: not set; name a task-definition file "
                    + "(-DecsPreflight.taskDefinition=ecs/task-definition.json), ecs:FAMILY[:REVISION], or a service "
                    + "with ecsPreflight.cluster and ecsPreflight.service");
        }
        String value = source.trim();
        if (query.isLive()) {
            return Candidates.of(live.describe(value));
        }
        Path path = baseDirectory.resolve(value);
        if (!Files.exists(path)) {
            throw new PreflightException("taskDefinition " + value + ": no such file or directory");
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (Files.isDirectory(path) && CloudFormationReader.isCdkAssembly(path)) {
            return CloudFormationReader.readCdkAssembly(
                    path, value, query.resource(), query.inputs().variables());
        }
        if (Files.isDirectory(path) || lower.endsWith(".tf")) {
            return TerraformReader.read(path, value, query.resource(), query.inputs(), baseDirectory);
        }
        LocatedJson json = lower.endsWith(".yaml") || lower.endsWith(".yml")
                ? LocatedJson.parseYaml(path, value, LocatedJson.TagHandler.CLOUDFORMATION)
                : LocatedJson.parse(path, value);
        if (TaskDefinitionJsonReader.looksLikeTaskDefinition(json.root())) {
            if (query.resource() != null && !query.resource().isBlank()) {
                throw new PreflightException("taskDefinitionResource '" + query.resource() + "': " + value
                        + " is an ECS task definition, which holds only one; leave taskDefinitionResource unset");
            }
            return Candidates.of(Candidate.of(TaskDefinitionJsonReader.read(json)));
        }
        if (CloudFormationReader.looksLikeTemplate(json)) {
            return CloudFormationReader.read(
                    json, query.resource(), query.inputs().variables());
        }
        if (TerraformPlanReader.looksLikePlan(json)) {
            return TerraformPlanReader.read(json, query.resource());
        }
        throw new PreflightException("taskDefinition " + value + ": no ECS task definition found (expected an ECS "
                + "task definition, a CloudFormation template or a Terraform plan)");
    }
}
