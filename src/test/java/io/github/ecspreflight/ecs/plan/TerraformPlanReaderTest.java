package io.github.ecspreflight.ecs.plan;

import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.line;
import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import io.github.ecspreflight.ecs.terraform.TerraformFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code terraform show -json} plans: root and child modules, decoded containers, unknowns, plan lines. */
class TerraformPlanReaderTest {

    @TempDir
    Path work;

    @Test
    void theRootTaskDefinitionRunningTheBuiltImageIsChosen() throws Exception {
        Candidate task = load("plan/plan.json");

        assertThat(task.taskDefinition().format()).isEqualTo(TaskDefinition.Format.TERRAFORM_PLAN);
        assertThat(task.taskDefinition().family()).isEqualTo("my-service");
        assertThat(task.taskDefinition().requiresCompatibilities()).containsExactly("FARGATE");
        assertThat(task.taskDefinition().cpuArchitecture())
                .as("runtime_platform planned empty")
                .isNull();
        SourceLocation resource = line("plan/plan.json", 12, "{");
        assertThat(line("plan/plan.json", 13, "\"address\": \"aws_ecs_task_definition.app\""))
                .isNotNull();
        assertThat(task.taskDefinition().locations().resource()).isEqualTo(resource);
        assertThat(task.taskDefinition().locations().cpuArchitecture()).isEqualTo(resource);
        // not known until the role exists: written as the reference the configuration gives
        assertThat(task.taskDefinition().executionRoleArn()).isEqualTo("${aws_iam_role.execution.arn}");
        assertThat(task.taskDefinition().locations().executionRoleArn()).isEqualTo(resource);

        ContainerDefinition app = task.taskDefinition().containers().get(0);
        assertThat(app.name()).isEqualTo("app");
        assertThat(app.image()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0");
        SourceLocation definitions = line("plan/plan.json", 20, "\"container_definitions\"");
        assertThat(app.location()).isEqualTo(definitions);
        assertThat(app.logConfiguration().location()).isEqualTo(definitions);
        assertThat(app.logConfiguration().options()).containsEntry("awslogs-create-group", "true");
    }

    @Test
    void aChildModulesTaskDefinitionIsNamedByItsAddress() throws Exception {
        for (String name :
                new String[] {"module.worker.aws_ecs_task_definition.this[0]", "aws_ecs_task_definition.this", "this"
                }) {
            Candidate worker = load("plan/plan.json", name);

            assertThat(worker.taskDefinition().family()).isEqualTo("worker");
            assertThat(worker.taskDefinition().cpuArchitecture()).isEqualTo("ARM64");
            assertThat(worker.taskDefinition().operatingSystemFamily()).isEqualTo("LINUX");
            assertThat(worker.taskDefinition().locations().resource()).isEqualTo(line("plan/plan.json", 94, "{"));
            assertThat(worker.taskDefinition().locations().cpuArchitecture())
                    .isEqualTo(line("plan/plan.json", 119, "\"cpu_architecture\""));
            assertThat(worker.taskDefinition().locations().executionRoleArn())
                    .isEqualTo(line("plan/plan.json", 128, "\"execution_role_arn\""));
            assertThat(worker.taskDefinition().containers().get(0).logConfiguration())
                    .isNull();
            assertThat(worker.taskDefinition().containers().get(0).location())
                    .isEqualTo(line("plan/plan.json", 103, "\"container_definitions\""));
        }
    }

    @Test
    void aPlanAsTerraformWritesItIsOneLine() throws Exception {
        Candidate task = load("plan/plan-compact.json");

        assertThat(task.taskDefinition().locations().resource())
                .isEqualTo(new SourceLocation("plan/plan-compact.json", 1));
        assertThat(task.taskDefinition().containers().get(0).name()).isEqualTo("app");
    }

    @Test
    void unknownAfterApplyIsKeptUnknown() throws Exception {
        String plan = Files.readString(TerraformFixtures.directory().resolve("plan/plan.json"))
                .replace("\"cpu_architecture\": \"ARM64\",\n", "")
                .replace(
                        "\"runtime_platform\": [\n            {}\n          ]",
                        "\"runtime_platform\": [\n            {\"cpu_architecture\": true}\n          ]");
        Files.writeString(work.resolve("plan.json"), plan);

        TaskDefinition worker = TestTaskDefinitions.load(
                        work, new TaskDefinitionQuery("plan.json", "this", null, null), null)
                .taskDefinition();

        assertThat(worker.cpuArchitecture())
                .isEqualTo("${module.worker.aws_ecs_task_definition.this[0].runtime_platform}");
        assertThat(TaskDefinition.isUnknown(worker.cpuArchitecture())).isTrue();
    }

    @Test
    void containerDefinitionsUnknownUntilApplyAreAnError() throws Exception {
        String plan = Files.readString(TerraformFixtures.directory().resolve("plan/plan.json"));
        int start = plan.indexOf("\"container_definitions\": \"[{\\\"environment\\\":[{");
        int end = plan.indexOf('\n', start);
        plan = plan.substring(0, start) + "\"cpu\": \"256\"," + plan.substring(end + 1);
        plan = plan.replace(
                "\"execution_role_arn\": true,", "\"execution_role_arn\": true,\n\"container_definitions\": true,");
        Files.writeString(work.resolve("plan.json"), plan);

        assertThatThrownBy(() ->
                        TestTaskDefinitions.load(work, new TaskDefinitionQuery("plan.json", "app", null, null), null))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition plan.json:12: aws_ecs_task_definition.app container_definitions is not "
                        + "known until apply (${var.region}); check the Terraform sources instead, or plan once the "
                        + "values it depends on exist");
    }

    @Test
    void aPlanWithoutTaskDefinitionSaysSo() throws Exception {
        Files.writeString(work.resolve("plan.json"), """
                {"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": {"root_module": {}}}
                """);

        assertThatThrownBy(() -> TestTaskDefinitions.load(work, "plan.json"))
                .hasMessage("taskDefinition plan.json: no aws_ecs_task_definition in the plan's planned_values (is it "
                        + "the output of terraform show -json plan.out?)");
    }

    @Test
    void anUnknownResourceNameListsTheAddresses() {
        assertThatThrownBy(() -> load("plan/plan.json", "aws_ecs_task_definition.web"))
                .hasMessage("taskDefinitionResource 'aws_ecs_task_definition.web': not in plan/plan.json; it holds "
                        + "aws_ecs_task_definition.app, module.worker.aws_ecs_task_definition.this[0]");
    }
}
