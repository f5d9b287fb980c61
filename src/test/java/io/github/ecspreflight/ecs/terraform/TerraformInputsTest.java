package io.github.ecspreflight.ecs.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.SourceInputs;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code variables}, {@code varFiles} and {@code TF_VAR_*}, in Terraform's own order. */
class TerraformInputsTest {

    @TempDir
    Path base;

    private static final String MAIN = """
            variable "arch" {
              type    = string
              default = "X86_64"
            }
            variable "images" {
              type = list(string)
            }
            variable "family" {}
            resource "aws_ecs_task_definition" "app" {
              family                   = var.family
              requires_compatibilities = ["FARGATE"]
              runtime_platform {
                cpu_architecture = var.arch
              }
              container_definitions = jsonencode([{ name = "app", image = var.images[0], essential = true }])
            }
            """;

    private Path module(String... files) throws IOException {
        Path infra = Files.createDirectories(base.resolve("infra"));
        Files.writeString(infra.resolve("main.tf"), MAIN);
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(infra.resolve(files[i]), files[i + 1]);
        }
        return infra;
    }

    private TaskDefinition read(Path infra, SourceInputs inputs) throws PreflightException {
        return TerraformReader.read(infra, "infra", null, inputs, base)
                .candidates()
                .get(0)
                .taskDefinition();
    }

    @Test
    void withoutInputsAVariableWithoutDefaultStaysUnknown() throws Exception {
        TaskDefinition task = read(module(), SourceInputs.NONE);

        assertThat(task.cpuArchitecture()).isEqualTo("X86_64");
        assertThat(task.family()).isEqualTo("${var.family}");
        assertThat(task.containers().get(0).image()).isEqualTo("${var.images[0]}");
    }

    @Test
    void eachSourceOverridesTheOneBeforeItInTerraformsOrder() throws Exception {
        Path infra = module(
                "terraform.tfvars", "arch = \"ARM64\"\nfamily = \"from-tfvars\"\n",
                "b.auto.tfvars", "family = \"from-auto\"\n");
        Files.writeString(base.resolve("ci.tfvars"), "family = \"from-var-file\"\n");
        Files.writeString(base.resolve("ci2.tfvars.json"), "{\"arch\": \"X86_64\"}");

        assertThat(read(infra, SourceInputs.NONE).family()).isEqualTo("from-auto");
        assertThat(read(infra, SourceInputs.NONE).cpuArchitecture()).isEqualTo("ARM64");
        SourceInputs files = new SourceInputs(Map.of(), List.of("ci.tfvars", "ci2.tfvars.json"), Map.of());
        assertThat(read(infra, files).family()).isEqualTo("from-var-file");
        assertThat(read(infra, files).cpuArchitecture()).isEqualTo("X86_64");
        SourceInputs environment =
                new SourceInputs(Map.of(), List.of("ci.tfvars"), Map.of("family", "from-env", "undeclared", "ignored"));
        assertThat(read(infra, environment).family()).isEqualTo("from-env");
        SourceInputs all = new SourceInputs(
                Map.of("family", "from-variables"), List.of("ci.tfvars"), Map.of("family", "from-env"));
        assertThat(read(infra, all).family()).isEqualTo("from-variables");
    }

    @Test
    void aComplexTypedValueIsReadAsHclAndAStringOneAsItIs() throws Exception {
        SourceInputs inputs = new SourceInputs(
                Map.of("images", "[\"123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0\"]", "arch", "ARM64"),
                List.of(),
                Map.of());

        TaskDefinition task = read(module(), inputs);

        assertThat(task.containers().get(0).image()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0");
        assertThat(task.cpuArchitecture()).isEqualTo("ARM64");
    }

    @Test
    void aVariableTheModuleDoesNotDeclareIsAnErrorAsInTerraform() throws Exception {
        Path infra = module();
        assertThatThrownBy(() -> read(infra, new SourceInputs(Map.of("arhc", "ARM64"), List.of(), Map.of())))
                .isInstanceOf(PreflightException.class)
                .hasMessage("variables arhc: module infra/ declares no variable \"arhc\"");
    }

    @Test
    void aBadComplexValueNamesTheVariableNeverTheValue() throws Exception {
        Path infra = module();
        assertThatThrownBy(() -> read(infra, new SourceInputs(Map.of("images", "[\"s3cr3t"), List.of(), Map.of())))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("variables images: the variable's type is not a string, so the value is read "
                        + "as HCL: HCL syntax error")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t"));
    }

    @Test
    void aMissingVarFileIsNamed() throws Exception {
        Path infra = module();
        assertThatThrownBy(() -> read(infra, new SourceInputs(Map.of(), List.of("prod.tfvars"), Map.of())))
                .isInstanceOf(PreflightException.class)
                .hasMessage("varFiles prod.tfvars: no such file");
    }

    @Test
    void commandLineVariablesAreNameValuePairs() {
        assertThat(SourceInputs.parseVariables("arch=ARM64, family=a=b,"))
                .containsExactly(Map.entry("arch", "ARM64"), Map.entry("family", "a=b"));
        assertThatThrownBy(() -> SourceInputs.parseVariables("arch=ARM64,s3cr3t"))
                .hasMessage("entry 2 is not NAME=VALUE");
        assertThat(SourceInputs.terraformEnvironment(Map.of("TF_VAR_arch", "ARM64", "PATH", "/bin", "TF_VAR_", "x")))
                .containsExactly(Map.entry("arch", "ARM64"));
    }
}
