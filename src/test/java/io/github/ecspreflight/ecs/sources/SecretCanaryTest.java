package io.github.ecspreflight.ecs.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A secret canary in every kind of task-definition source, each broken right at the secret: the one-line error names
 * the file and the line, and never the secret itself.
 */
class SecretCanaryTest {

    private static final String CANARY = "s3cr3tCanaryValue";

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "task.json      | task.json      | {\"containerDefinitions\": [{\"name\": \"app\", \"environment\": [{\"name\": \"DB\", \"value\": s3cr3tCanaryValue}]}]}",
                "template.yaml  | template.yaml  | Resources:\\n  T:\\n    Type: AWS::ECS::TaskDefinition\\n    Properties:\\n      ContainerDefinitions:\\n        - Environment:\\n            - {Name: DB, Value: !!float s3cr3tCanaryValue}",
                "infra/main.tf  | infra          | locals {\\n  password = \"x\"s3cr3tCanaryValue\"\\n}",
                "infra/terraform.tfvars | infra  | db_password = \"x\" s3cr3tCanaryValue",
                "plan.json      | plan.json      | {\"format_version\": \"1.2\", \"planned_values\": s3cr3tCanaryValue}",
            })
    void aSyntaxErrorAtASecretNamesTheFileButNeverTheSecret(String file, String source, String content)
            throws Exception {
        Path path = work.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content.replace("\\n", "\n"));
        if (file.endsWith(".tfvars")) {
            Files.writeString(work.resolve("infra/main.tf"), "variable \"db_password\" {}\n");
        }

        PreflightException error =
                catchThrowableOfType(PreflightException.class, () -> TestTaskDefinitions.load(work, source));

        assertThat(error).as(file).isNotNull();
        assertThat(error.getMessage())
                .startsWith("taskDefinition ")
                .doesNotContain(CANARY)
                .doesNotContain("\n");
    }
}
