package io.github.ecspreflight.ecs.terraform;

import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.line;
import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aws_ecs_task_definition} resources read from {@code .tf} files and directories, every value located. */
class TerraformReaderTest {

    @TempDir
    Path work;

    @Test
    void theSeedsFargateTaskDefinitionWithoutRuntimePlatform() throws Exception {
        Candidate task = load("seed");

        assertThat(task.taskDefinition().format()).isEqualTo(TaskDefinition.Format.TERRAFORM);
        assertThat(task.taskDefinition().source()).isEqualTo("seed");
        assertThat(task.taskDefinition().family()).isEqualTo("my-service");
        assertThat(task.taskDefinition().requiresCompatibilities()).containsExactly("FARGATE");
        assertThat(task.taskDefinition().cpuArchitecture()).isNull();
        assertThat(task.taskDefinition().executionRoleArn()).isEqualTo("${aws_iam_role.execution.arn}");
        SourceLocation resource = line("seed/main.tf", 18, "resource \"aws_ecs_task_definition\" \"app\"");
        assertThat(task.taskDefinition().locations().resource()).isEqualTo(resource);
        assertThat(task.taskDefinition().locations().cpuArchitecture()).isEqualTo(resource);
        assertThat(task.taskDefinition().locations().executionRoleArn())
                .isEqualTo(line("seed/main.tf", 24, "execution_role_arn"));

        ContainerDefinition app = task.taskDefinition().containers().get(0);
        assertThat(app.name()).isEqualTo("app");
        // the repository is created by the same configuration: its URL is only known after apply
        assertThat(app.image()).isEqualTo("${aws_ecr_repository.app.repository_url}:latest");
        assertThat(TaskDefinition.isUnknown(app.image())).isTrue();
        assertThat(app.location()).isEqualTo(line("seed/main.tf", 27, "{"));
        assertThat(app.logConfiguration().logDriver()).isEqualTo("awslogs");
        assertThat(app.logConfiguration().location()).isEqualTo(line("seed/main.tf", 36, "logConfiguration"));
        // terraform.tfvars overrides the variable's default
        assertThat(app.logConfiguration().options())
                .containsEntry("awslogs-region", "eu-central-1")
                .containsEntry("awslogs-create-group", "true");
        assertThat(app.environment()).containsEntry("DB_PASSWORD", "${var.db_password}");
    }

    @Test
    void aFileIsReadWithinItsModuleButOnlyItsOwnTaskDefinitionsCount() throws Exception {
        Candidate task = load("seed/main.tf");

        assertThat(task.taskDefinition().source()).isEqualTo("seed/main.tf");
        assertThat(task.taskDefinition().containers().get(0).logConfiguration().options())
                .containsEntry("awslogs-region", "eu-central-1");
        assertThat(task.deployment().executionRole().location()).isEqualTo(line("seed/iam.tf", 1, "aws_iam_role"));

        assertThatThrownBy(() -> load("seed/iam.tf"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition seed/iam.tf: no aws_ecs_task_definition resource in it");
    }

    @Test
    void runtimePlatformAttributesPointAtTheirLines() throws Exception {
        Candidate task = load("seed-graviton/");

        assertThat(task.taskDefinition().cpuArchitecture()).isEqualTo("ARM64");
        assertThat(task.taskDefinition().operatingSystemFamily()).isEqualTo("LINUX");
        assertThat(task.taskDefinition().locations().cpuArchitecture())
                .isEqualTo(line("seed-graviton/main.tf", 11, "cpu_architecture"));
        assertThat(task.taskDefinition().locations().operatingSystemFamily())
                .isEqualTo(line("seed-graviton/main.tf", 10, "operating_system_family"));
        assertThat(task.taskDefinition().containers().get(0).image())
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:latest");
    }

    @Test
    void aRuntimePlatformWithoutCpuArchitecturePointsAtTheBlock() throws Exception {
        Path dir = TerraformFixtures.module(work.resolve("infra"), Map.of("main.tf", """
                resource "aws_ecs_task_definition" "app" {
                  family = "app"
                  runtime_platform {
                    operating_system_family = "LINUX"
                  }
                  container_definitions = jsonencode([{ name = "app", image = "my-service:1" }])
                }
                """));

        TaskDefinition task = TestTaskDefinitions.load(work, "infra").taskDefinition();

        assertThat(task.cpuArchitecture()).isNull();
        assertThat(task.locations().cpuArchitecture()).isEqualTo(line(work, "infra/main.tf", 3, "runtime_platform"));
        assertThat(task.locations().operatingSystemFamily())
                .isEqualTo(line(work, "infra/main.tf", 4, "operating_system_family"));
        assertThat(dir).exists();
    }

    @Test
    void theTerraformAwsModulesStyleOfBuildingContainers() throws Exception {
        Candidate task = load("modules-style");

        assertThat(task.taskDefinition().family()).isEqualTo("my-service");
        assertThat(task.taskDefinition().cpuArchitecture()).isEqualTo("ARM64");
        assertThat(task.taskDefinition().locations().cpuArchitecture())
                .isEqualTo(line("modules-style/main.tf", 62, "cpu_architecture"));
        assertThat(task.taskDefinition().locations().resource())
                .isEqualTo(line("modules-style/main.tf", 48, "resource \"aws_ecs_task_definition\" \"this\""));
        assertThat(task.taskDefinition().executionRoleArn())
                .isEqualTo("${module.ecs_task_execution_role.iam_role_arn}");
        assertThat(task.deployment().executionRole())
                .as("a role from another module is defined elsewhere")
                .isNull();

        // a for expression over a map iterates its keys in lexical order, as Terraform does
        assertThat(task.taskDefinition().containers())
                .extracting(ContainerDefinition::name)
                .containsExactly("fluent-bit", "my-service");
        ContainerDefinition fluentBit = task.taskDefinition().containers().get(0);
        assertThat(fluentBit.essential()).isFalse();
        assertThat(fluentBit.image()).isEqualTo("${data.aws_ssm_parameter.fluentbit.value}");
        assertThat(fluentBit.location()).isEqualTo(line("modules-style/main.tf", 27, "fluent-bit = {"));
        ContainerDefinition service = task.taskDefinition().containers().get(1);
        assertThat(service.essential()).isTrue();
        assertThat(service.image()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0");
        assertThat(service.location()).isEqualTo(line("modules-style/main.tf", 21, "(local.name) = {"));
        // merged in from the defaults: the line to edit is where the defaults write it
        assertThat(service.logConfiguration().location())
                .isEqualTo(line("modules-style/main.tf", 10, "logConfiguration"));
        assertThat(service.logConfiguration().options()).containsEntry("awslogs-group", "/aws/ecs/my-service");
    }

    @Test
    void severalTaskDefinitionsArePickedByAddressOrNamedInTheError() throws Exception {
        assertThatThrownBy(() -> load("files"))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "taskDefinition files: holds 2 task definitions; name one with "
                                + "ecsPreflight.taskDefinitionResource: aws_ecs_task_definition.api, aws_ecs_task_definition.worker");
        assertThat(load("files", "aws_ecs_task_definition.api").taskDefinition().family())
                .isEqualTo("api");
        assertThat(load("files", "worker").taskDefinition().family()).isEqualTo("worker");
        assertThatThrownBy(() -> load("files", "aws_ecs_task_definition.web"))
                .hasMessage("taskDefinitionResource 'aws_ecs_task_definition.web': not in files; it holds "
                        + "aws_ecs_task_definition.api, aws_ecs_task_definition.worker");
    }

    @Test
    void severalTaskDefinitionsArePickedByTheBuiltImage() throws Exception {
        Path dir = TerraformFixtures.module(work.resolve("infra"), Map.of("main.tf", """
                resource "aws_ecs_task_definition" "web" {
                  family                = "web"
                  container_definitions = jsonencode([{ name = "web", image = "nginx:1.25" }])
                }
                resource "aws_ecs_task_definition" "app" {
                  family                = "app"
                  container_definitions = jsonencode([{ name = "app", image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0" }])
                }
                resource "aws_ecs_task_definition" "disabled" {
                  count                 = 0
                  family                = "disabled"
                  container_definitions = jsonencode([{ name = "app", image = "my-service:2" }])
                }
                """));

        TaskDefinition task = TestTaskDefinitions.load(
                        work, new TaskDefinitionQuery("infra", null, null, null), "my-service")
                .taskDefinition();

        assertThat(task.family()).isEqualTo("app");
        assertThat(dir).exists();
    }

    @Test
    void containerDefinitionsFromFileAreLocatedInThatFile() throws Exception {
        Candidate api = load("files", "api");

        assertThat(api.taskDefinition().cpuArchitecture()).isEqualTo("X86_64");
        assertThat(api.taskDefinition().locations().cpuArchitecture())
                .isEqualTo(line("files/main.tf", 18, "cpu_architecture"));
        assertThat(api.deployment().executionRole())
                .as("a role given by ARN is defined elsewhere")
                .isNull();
        assertThat(api.taskDefinition().containers())
                .extracting(ContainerDefinition::name)
                .containsExactly("api", "xray-daemon");
        assertThat(api.taskDefinition().containers().get(0).location())
                .isEqualTo(line("files/containers/api.json", 2, "{"));
        assertThat(api.taskDefinition().containers().get(0).logConfiguration().location())
                .isEqualTo(line("files/containers/api.json", 7, "logConfiguration"));
        assertThat(api.taskDefinition().containers().get(1).location())
                .isEqualTo(line("files/containers/api.json", 16, "{"));
    }

    @Test
    void containerDefinitionsFromTemplatefileAreRenderedWithItsVariables() throws Exception {
        Candidate worker = load("files", "worker");

        assertThat(worker.taskDefinition().requiresCompatibilities()).containsExactly("EC2");
        assertThat(worker.taskDefinition().placementConstraints())
                .containsExactly(new PlacementConstraint("memberOf", "attribute:ecs.cpu-architecture == arm64"));
        ContainerDefinition container = worker.taskDefinition().containers().get(0);
        assertThat(container.image()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:2.3.1");
        assertThat(container.environment()).containsOnlyKeys("QUEUE", "THREADS", "REGION");
        assertThat(container.logConfiguration().options())
                .containsEntry("awslogs-group", "${aws_cloudwatch_log_group.worker.name}")
                .containsEntry("awslogs-region", "eu-west-1");
        assertThat(container.location()).isEqualTo(line("files/templates/worker.json.tpl", 2, "{"));
        assertThat(container.logConfiguration().location())
                .isEqualTo(line("files/templates/worker.json.tpl", 7, "logConfiguration"));
    }

    @Test
    void containerDefinitionsInAHeredocAreLocatedInTheTfFile() throws Exception {
        Candidate batch = load("heredoc");

        ContainerDefinition container = batch.taskDefinition().containers().get(0);
        assertThat(container.image()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/batch:7");
        assertThat(container.location()).isEqualTo(line("heredoc/main.tf", 16, "{"));
        assertThat(container.logConfiguration().location())
                .isEqualTo(line("heredoc/main.tf", 20, "\"logConfiguration\""));
        assertThat(container.logConfiguration().options()).containsEntry("awslogs-region", "eu-west-1");
    }

    @Test
    void tfvarsOverrideDefaults() throws Exception {
        Candidate task = load("tfvars");

        assertThat(task.taskDefinition().cpuArchitecture()).isEqualTo("ARM64");
        assertThat(task.taskDefinition().locations().cpuArchitecture())
                .isEqualTo(line("tfvars/main.tf", 9, "cpu_architecture"));
        assertThat(task.taskDefinition().containers().get(0).logConfiguration().options())
                .containsEntry("awslogs-group", "/ecs/from-tfvars")
                .containsEntry("awslogs-region", "eu-west-3");
    }

    @Test
    void valuesOnlyAPlanKnowsStayUnknown() throws Exception {
        Candidate task = load("unknowns", "app");

        assertThat(task.taskDefinition().cpuArchitecture()).isEqualTo("${var.cpu_architecture}");
        assertThat(task.taskDefinition().locations().cpuArchitecture())
                .isEqualTo(line("unknowns/main.tf", 18, "cpu_architecture"));
        assertThat(task.taskDefinition().executionRoleArn()).isEqualTo("${var.execution_role_arn}");
        assertThat(task.deployment().executionRole()).isNull();
        ContainerDefinition app = task.taskDefinition().containers().get(0);
        assertThat(app.location()).isEqualTo(line("unknowns/main.tf", 22, "{"));
        // an unknown object where logConfiguration goes: the driver and each awslogs option are unknown
        assertThat(app.logConfiguration().logDriver()).isEqualTo("${module.logging.log_configuration}");
        assertThat(app.logConfiguration().options().values()).allMatch(TaskDefinition::isUnknown);
        assertThat(app.logConfiguration().location()).isEqualTo(line("unknowns/main.tf", 26, "logConfiguration"));
        // an unknown entrypoint is no override that could be judged
        assertThat(app.entryPoint()).isNull();
        // a whole container that is unknown: never essential, image unknown, so no rule judges it
        ContainerDefinition sidecar = task.taskDefinition().containers().get(1);
        assertThat(sidecar.name()).isEqualTo("${module.sidecar.container_definition}");
        assertThat(sidecar.image()).isEqualTo("${module.sidecar.container_definition}");
        assertThat(sidecar.essential()).isFalse();
    }

    @Test
    void anUnknownDefinitionsErrorNamesTheReferenceNotTheEnvironmentValuesBesideIt() {
        assertThatThrownBy(() -> load("unknown-with-secret", null))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining(
                        "container_definitions depends on module.sidecars.definitions that cannot be known")
                .hasMessageNotContaining("hunter2-secret")
                .hasMessageNotContaining("DB_PASSWORD");
    }

    @Test
    void containerDefinitionsThatOnlyAPlanKnowsAreAnErrorPointingToThePlan() {
        assertThatThrownBy(() -> load("unknowns", "from_module"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition unknowns/main.tf:35: aws_ecs_task_definition.from_module "
                        + "container_definitions depends on module.app_container.json_map_encoded_list that cannot be "
                        + "known without running Terraform; check the plan instead: terraform plan -out=plan.out && "
                        + "terraform show -json plan.out > plan.json, and name plan.json");
        assertThat(line("unknowns/main.tf", 35, "container_definitions")).isNotNull();
        // with neither a resource named nor a matching image, both are listed rather than one guessed
        assertThatThrownBy(() -> load("unknowns"))
                .hasMessage("taskDefinition unknowns: holds 2 task definitions; name one with "
                        + "ecsPreflight.taskDefinitionResource: aws_ecs_task_definition.app, "
                        + "aws_ecs_task_definition.from_module");
    }

    @Test
    void syntaxErrorsNameFileAndLine() {
        assertThatThrownBy(() -> load("syntax-error"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition syntax-error/main.tf:10: HCL syntax error: expected an expression, found a "
                        + "new line (column 15)");
        assertThat(line("syntax-error/main.tf", 10, "image =")).isNotNull();
    }

    @Test
    void aConfigurationCallingARegistryModuleNotYetInstalledSaysSoAndSuggestsInitOrThePlan() {
        assertThatThrownBy(() -> load("no-task-definition"))
                .hasMessage(
                        "taskDefinition no-task-definition: no aws_ecs_task_definition resource in it; the task "
                                + "definition may be in a module it calls (module.ecs_service) from a registry or git source, "
                                + "which is read once terraform init has installed it (.terraform/modules), or from a plan: "
                                + "terraform plan -out=plan.out && terraform show -json plan.out > plan.json, and name plan.json");
    }

    @Test
    void anUnreadableFileReferenceIsNamed() {
        TerraformFixtures.module(work.resolve("infra"), Map.of("main.tf", """
                resource "aws_ecs_task_definition" "app" {
                  family                = "app"
                  container_definitions = file("${path.module}/containers/missing.json")
                }
                """));

        assertThatThrownBy(() -> TestTaskDefinitions.load(work, "infra"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition infra/main.tf:3: file(\"./containers/missing.json\"): cannot read "
                        + "infra/containers/missing.json: file not found");
    }

    @Test
    void invalidContainerJsonInAHeredocNamesItsLine() {
        TerraformFixtures.module(work.resolve("infra"), Map.of("main.tf", """
                resource "aws_ecs_task_definition" "app" {
                  family                = "app"
                  container_definitions = <<EOF
                [
                  { "name": "app", "image": "my-service:1" },
                ]
                EOF
                }
                """));

        assertThatThrownBy(() -> TestTaskDefinitions.load(work, "infra"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition infra/main.tf: JSON syntax error at line 6");
    }

    @Test
    void anEmptyDirectorySaysItHoldsNoTfFiles() {
        TerraformFixtures.module(work.resolve("empty"), Map.of("README.md", "nothing"));

        assertThatThrownBy(() -> TestTaskDefinitions.load(work, "empty/"))
                .hasMessage("taskDefinition empty/: the directory holds no .tf files");
    }
}
