package io.github.ecspreflight.ecs.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON container definitions that hold unknown values where the JSON has no quotes. */
class ContainerDefinitionsReaderTest {

    @TempDir
    Path work;

    private TaskDefinition read(String mainTf) throws Exception {
        Path infra = Files.createDirectories(work.resolve("infra"));
        Files.writeString(infra.resolve("main.tf"), mainTf);
        return TerraformReader.read(infra, "infra", null).candidates().get(0).taskDefinition();
    }

    @Test
    void anUnknownWhereJsonWantsANumberOrABoolStaysUnknown() throws Exception {
        TaskDefinition task = read("""
                variable "cpu" {}
                variable "essential" {}
                resource "aws_ecs_task_definition" "app" {
                  family = "app"
                  container_definitions = <<EOF
                [
                  {
                    "name": "app",
                    "image": "my-service:1.0",
                    "cpu": ${var.cpu},
                    "essential": ${var.essential},
                    "portMappings": ${jsonencode(local.ports)}
                  }
                ]
                EOF
                }
                """);

        ContainerDefinition app = task.containers().get(0);
        assertThat(app.name()).isEqualTo("app");
        assertThat(app.image()).isEqualTo("my-service:1.0");
        // an unknown essential flag says least: not essential, so nothing is required of it
        assertThat(app.essential()).isFalse();
        assertThat(app.location().line()).isEqualTo(7);
    }

    @Test
    void aPlaceholderInsideAJsonStringIsLeftAsItIs() {
        String json = "{\"group\": \"/ecs/${var.name}\", \"cpu\": ${var.cpu}, \"f\": ${lookup(var.m, \"k\", {})}}";

        assertThat(ContainerDefinitionsReader.quoteBareUnknowns(json))
                .isEqualTo("{\"group\": \"/ecs/${var.name}\", \"cpu\": \"${var.cpu}\", "
                        + "\"f\": \"${lookup(var.m, \\\"k\\\", {})}\"}");
    }
}
