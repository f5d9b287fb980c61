package io.github.ecspreflight.ecs.terraform;

import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child modules: local ones, nested ones, and registry ones that terraform init installed. */
class TerraformModulesTest {

    @TempDir
    Path work;

    private static java.util.List<Candidate> all() throws PreflightException {
        return TerraformReader.read(TerraformFixtures.directory().resolve("local-modules"), "local-modules", null)
                .candidates();
    }

    @Test
    void taskDefinitionsInCalledModulesAreCandidatesAtTheirModuleAddresses() throws Exception {
        assertThat(all())
                .extracting(Candidate::address)
                .containsExactly(
                        "aws_ecs_task_definition.reporter",
                        "module.api.aws_ecs_task_definition.this",
                        "module.api.module.logs.aws_ecs_task_definition.sidecar",
                        "module.batch.aws_ecs_task_definition.this",
                        "module.batch.module.logs.aws_ecs_task_definition.sidecar",
                        "module.worker.aws_ecs_task_definition.worker");
    }

    @Test
    void aModulesVariablesComeFromItsCallingBlockElseTheirDefaults() throws Exception {
        TaskDefinition api = TerraformFixtures.load("local-modules", "module.api.aws_ecs_task_definition.this")
                .taskDefinition();
        TaskDefinition batch = TerraformFixtures.load("local-modules", "module.batch.aws_ecs_task_definition.this")
                .taskDefinition();

        assertThat(api.family()).isEqualTo("api");
        assertThat(api.cpuArchitecture()).isEqualTo("ARM64");
        assertThat(api.locations().cpuArchitecture())
                .isEqualTo(line("local-modules/modules/service/main.tf", 15, "cpu_architecture        = var"));
        assertThat(batch.cpuArchitecture()).isEqualTo("X86_64");
        // templatefile("${path.module}/...") reads the module's own file, and its containers point there
        assertThat(api.containers().get(0).image())
                .isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0");
        assertThat(api.containers().get(0).location())
                .isEqualTo(line("local-modules/modules/service/containers/app.json.tpl", 2, "{"));
    }

    @Test
    void nestedAndInstalledModulesAreFollowedToo() throws Exception {
        assertThat(TerraformFixtures.load("local-modules", "module.batch.module.logs.aws_ecs_task_definition.sidecar")
                        .taskDefinition()
                        .family())
                .isEqualTo("batch-logs");
        assertThat(TerraformFixtures.load("local-modules", "worker")
                        .taskDefinition()
                        .containers()
                        .get(0)
                        .name())
                .isEqualTo("worker");
    }

    @Test
    void theBuiltImageChoosesAmongTheModulesTaskDefinitions() throws Exception {
        // my-service runs only in module.api
        assertThat(TerraformFixtures.load("local-modules").address())
                .isEqualTo("module.api.aws_ecs_task_definition.this");
    }

    @Test
    void aModuleThatCallsItselfIsOneLine() throws Exception {
        Path infra = Files.createDirectories(work.resolve("loop"));
        Files.writeString(infra.resolve("main.tf"), "module \"again\" {\n  source = \"./\"\n}\n");

        assertThatThrownBy(() -> TerraformReader.read(infra, "loop", null))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition loop/")
                .hasMessageEndingWith(": modules call each other more than 16 deep (does a module call itself?)");
    }

    @Test
    void aModulesOutputsAreItsOutputBlocksEvaluatedInIt() throws Exception {
        TaskDefinition reporter =
                TerraformFixtures.load("local-modules", "reporter").taskDefinition();
        java.util.Map<String, String> options =
                reporter.containers().get(0).logConfiguration().options();

        assertThat(options.get("awslogs-group")).isEqualTo("/ecs/api");
        // an output that is a resource's attribute is known only once applied
        assertThat(options.get("awslogs-stream-prefix")).isEqualTo("${aws_ecs_task_definition.this.family}");
    }

    @Test
    void aModulesJsonThatIsNotTerraformInitsIsOneLineNamingIt() throws Exception {
        Path infra = Files.createDirectories(work.resolve("broken/.terraform/modules"))
                .getParent()
                .getParent();
        Files.writeString(infra.resolve("main.tf"), "module \"svc\" {\n  source = \"example/svc/aws\"\n}\n");
        Files.writeString(infra.resolve(".terraform/modules/modules.json"), "{\"Modules\": [");

        assertThatThrownBy(() -> TerraformReader.read(infra, "broken", null))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith(
                        "taskDefinition broken/.terraform/modules/modules.json: not the JSON terraform init "
                                + "writes (")
                .hasMessageEndingWith("); run terraform init again")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
