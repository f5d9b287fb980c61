package io.github.ecspreflight.ecs.terraform;

import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.line;
import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.ecs.TestTaskDefinitions;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The execution role's permissions as a Terraform configuration shows them, and when it cannot tell. */
class TerraformIamEvidenceTest {

    private static final String TASK = """
            resource "aws_ecs_task_definition" "app" {
              family                = "app"
              execution_role_arn    = %s
              container_definitions = jsonencode([{ name = "app", image = "my-service:1" }])
            }
            """;

    private static final String ROLE = """
            resource "aws_iam_role" "execution" {
              name               = "app-execution"
              assume_role_policy = "{}"
            }
            """;

    @TempDir
    Path work;

    private ExecutionRoleEvidence evidence(String roleArn, String iam) throws Exception {
        TerraformFixtures.module(work.resolve("infra"), Map.of("main.tf", TASK.formatted(roleArn), "iam.tf", iam));
        return TestTaskDefinitions.load(work, "infra").deployment().executionRole();
    }

    private ExecutionRoleEvidence evidence(String iam) throws Exception {
        return evidence("aws_iam_role.execution.arn", ROLE + iam);
    }

    @Test
    void theSeedsRoleHasOnlyTheTaskExecutionManagedPolicy() throws Exception {
        ExecutionRoleEvidence role = load("seed").deployment().executionRole();

        assertThat(role.role()).isEqualTo("aws_iam_role.execution");
        assertThat(role.source()).isEqualTo(ExecutionRoleEvidence.Source.STATIC);
        assertThat(role.complete()).isTrue();
        assertThat(role.policies()).containsExactly("AmazonECSTaskExecutionRolePolicy");
        assertThat(role.allows("logs:PutLogEvents")).isTrue();
        assertThat(role.allows("logs:CreateLogStream")).isTrue();
        assertThat(role.allows("logs:CreateLogGroup")).isFalse();
        assertThat(role.location()).isEqualTo(line("seed/iam.tf", 1, "resource \"aws_iam_role\" \"execution\""));
    }

    @Test
    void anInlineRolePolicyInJsonencodeAddsItsActions() throws Exception {
        ExecutionRoleEvidence role = load("seed-graviton").deployment().executionRole();

        assertThat(role.complete()).isTrue();
        assertThat(role.policies())
                .containsExactly("AmazonECSTaskExecutionRolePolicy", "aws_iam_role_policy.create_log_group");
        assertThat(role.allows("logs:CreateLogGroup")).isTrue();
    }

    @Test
    void managedPolicyArnsAndInlinePolicyBlocksWithAPolicyDocumentDataSource() throws Exception {
        ExecutionRoleEvidence role = load("heredoc").deployment().executionRole();

        assertThat(role.complete()).isTrue();
        assertThat(role.policies())
                .containsExactly("AmazonECSTaskExecutionRolePolicy", "inline policy create-log-groups");
        assertThat(role.allows("logs:CreateLogGroup")).isTrue();
        assertThat(role.location()).isEqualTo(line("heredoc/main.tf", 33, "resource \"aws_iam_role\""));
    }

    @Test
    void customerPoliciesAreReadAndOtherRolesAttachmentsIgnored() throws Exception {
        ExecutionRoleEvidence role = load("iam").deployment().executionRole();

        assertThat(role.complete()).isTrue();
        // attached by reference and by the role's literal name; AdministratorAccess goes to another role
        assertThat(role.policies()).containsExactly("aws_iam_policy.logs", "AmazonECSTaskExecutionRolePolicy");
        assertThat(role.allows("logs:PutLogEvents")).isTrue();
        assertThat(role.allows("logs:CreateLogGroup")).isFalse();
        assertThat(role.allows("iam:PassRole")).isFalse();
    }

    @Test
    void wildcardsInAllowedActionsCount() throws Exception {
        ExecutionRoleEvidence role = evidence("""
                resource "aws_iam_role_policy" "logs" {
                  role   = aws_iam_role.execution.name
                  policy = jsonencode({ Statement = { Effect = "Allow", Action = "logs:*", Resource = "*" } })
                }
                """);

        assertThat(role.complete()).isTrue();
        assertThat(role.allows("logs:CreateLogGroup")).isTrue();
    }

    @Test
    void aRoleDefinedElsewhereGivesNoEvidence() throws Exception {
        assertThat(evidence("\"arn:aws:iam::123456789012:role/ecsTaskExecutionRole\"", ROLE))
                .isNull();
        assertThat(evidence("var.execution_role_arn", ROLE)).isNull();
        assertThat(evidence("data.aws_iam_role.execution.arn", ROLE)).isNull();
        assertThat(evidence("module.iam.role_arn", ROLE)).isNull();
        assertThat(evidence("aws_iam_role.elsewhere.arn", ROLE)).isNull();
    }

    @Test
    void anAttachmentToARoleNameThatCannotBeComparedMakesItIncomplete() throws Exception {
        ExecutionRoleEvidence role = evidence("""
                variable "role_name" {}
                resource "aws_iam_role_policy_attachment" "maybe" {
                  role       = var.role_name
                  policy_arn = "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess"
                }
                """);

        assertThat(role.complete()).isFalse();
    }

    @Test
    void aPolicyThisPluginCannotReadMakesItIncomplete() throws Exception {
        assertThat(evidence("""
                resource "aws_iam_role_policy_attachment" "custom" {
                  role       = aws_iam_role.execution.name
                  policy_arn = "arn:aws:iam::123456789012:policy/team-logging"
                }
                """)).satisfies(role -> {
            assertThat(role.complete()).isFalse();
            assertThat(role.policies()).containsExactly("team-logging");
        });
        assertThat(evidence("""
                resource "aws_iam_role_policy_attachment" "missing" {
                  role       = aws_iam_role.execution.name
                  policy_arn = aws_iam_policy.not_here.arn
                }
                """).complete()).isFalse();
        assertThat(evidence("""
                resource "aws_iam_role_policy" "not_action" {
                  role   = aws_iam_role.execution.id
                  policy = jsonencode({ Statement = [{ Effect = "Allow", NotAction = "iam:*", Resource = "*" }] })
                }
                """).complete()).isFalse();
        assertThat(evidence("""
                variable "actions" {}
                resource "aws_iam_role_policy" "unknown_actions" {
                  role   = aws_iam_role.execution.id
                  policy = data.aws_iam_policy_document.logs.json
                }
                data "aws_iam_policy_document" "logs" {
                  statement {
                    actions = var.actions
                  }
                }
                """).complete()).isFalse();
        assertThat(evidence("""
                resource "aws_iam_role_policy" "from_module" {
                  role   = aws_iam_role.execution.id
                  policy = module.policies.logging_json
                }
                """).complete()).isFalse();
    }

    @Test
    void aRoleHandedToAModuleMayGetPoliciesOutOfSight() throws Exception {
        ExecutionRoleEvidence role = evidence("""
                module "logging" {
                  source    = "./modules/logging"
                  role_name = aws_iam_role.execution.name
                }
                """);

        assertThat(role.complete()).isFalse();
    }

    @Test
    void aDenyNeverAddsAndNeverBlocksCompleteness() throws Exception {
        ExecutionRoleEvidence role = evidence("""
                resource "aws_iam_role_policy" "mixed" {
                  role   = aws_iam_role.execution.id
                  policy = <<-EOF
                    {"Statement": [
                      {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"},
                      {"Effect": "Deny", "Action": "logs:*", "Resource": "arn:aws:logs:*:*:log-group:/audit/*"}
                    ]}
                  EOF
                }
                """);

        assertThat(role.complete()).isTrue();
        assertThat(role.allows("logs:PutLogEvents")).isTrue();
        assertThat(role.allows("logs:CreateLogGroup")).isFalse();
    }

    @Test
    void aPlansRoleIsFoundByTheReferenceAndItsAttachmentsByName() throws Exception {
        ExecutionRoleEvidence role = load("plan/plan.json").deployment().executionRole();

        assertThat(role.role()).isEqualTo("aws_iam_role.execution");
        // managed_policy_arns and inline_policy are unknown in the plan but not configured: attachments decide
        assertThat(role.complete()).isTrue();
        assertThat(role.policies()).containsExactly("AmazonECSTaskExecutionRolePolicy");
        assertThat(role.allows("logs:CreateLogGroup")).isFalse();
        assertThat(role.location()).isEqualTo(line("plan/plan.json", 54, "{"));

        assertThat(load("plan/plan.json", "this").deployment().executionRole())
                .as("a role given by ARN, not in the plan")
                .isNull();
    }

    @Test
    void aPlannedAttachmentWhoseRoleCannotBeToldMakesItIncomplete() throws Exception {
        String plan = java.nio.file.Files.readString(
                        TerraformFixtures.directory().resolve("plan/plan.json"))
                .replace("\"role\": \"my-service-execution\"", "\"role_unknown\": true")
                .replace(
                        "\"references\": [\n                \"aws_iam_role.execution.name\",\n                \"aws_iam_role.execution\"\n              ]",
                        "\"references\": [\n                \"var.role_name\"\n              ]");
        java.nio.file.Files.writeString(work.resolve("plan.json"), plan);

        ExecutionRoleEvidence role = TestTaskDefinitions.load(
                        work, new io.github.ecspreflight.ecs.TaskDefinitionQuery("plan.json", "app", null, null), null)
                .deployment()
                .executionRole();

        assertThat(role.complete()).isFalse();
    }
}
