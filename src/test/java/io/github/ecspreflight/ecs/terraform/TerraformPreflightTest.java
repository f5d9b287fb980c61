package io.github.ecspreflight.ecs.terraform;

import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.line;
import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.check.CheckFixtures;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.ExecutionRoleRules;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.check.LoggingRules;
import io.github.ecspreflight.check.Outcome;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.check.Severity;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.image.open.ImageOpener;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform sources through the public pipeline, as the Mojo runs it: a real image joined to each fixture, asserted
 * on rule ids and the file:line each finding points at.
 */
class TerraformPreflightTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImages() throws Exception {
        TestImages.dockerArchive(TestImages.scratch("arm64", work), work.resolve("arm.tar"), "my-service:1.0");
        TestImages.dockerArchive(TestImages.scratch("amd64", work), work.resolve("amd.tar"), "my-service:1.0");
    }

    private static CheckResult check(String image, String source, String resource) throws Exception {
        try (Image opened = new ImageOpener(work, RegistryAccess.defaults())
                .open(ImageReference.parse("docker-archive:" + image))) {
            return CheckFixtures.check(opened, load(source, resource), CheckOptions.defaults());
        }
    }

    @Test
    void theSeedFailsOnAnArm64ImageWithEp001AtTheResourceAndWarnsEp105AtTheRole() throws Exception {
        CheckResult result = check("arm.tar", "seed", null);

        assertThat(result.findings())
                .extracting(Finding::rule)
                .containsExactly(PlatformRules.EP001, ExecutionRoleRules.EP105);
        Finding platform = result.findings().get(0);
        assertThat(platform.severity()).isEqualTo(Severity.ERROR);
        assertThat(platform.location()).isEqualTo(line("seed/main.tf", 18, "resource \"aws_ecs_task_definition\""));
        assertThat(platform.remediation()).contains("runtime_platform");
        Finding role = result.findings().get(1);
        assertThat(role.severity()).isEqualTo(Severity.WARNING);
        assertThat(role.location()).isEqualTo(line("seed/iam.tf", 1, "resource \"aws_iam_role\" \"execution\""));
        assertThat(role.message())
                .contains("aws_iam_role.execution")
                .contains("AmazonECSTaskExecutionRolePolicy")
                .contains("logs:CreateLogGroup")
                .doesNotContain("logs:PutLogEvents");
        assertThat(result.failed()).isTrue();
        assertThat(result.container()).isEqualTo("app");
    }

    @Test
    void theSeedWithAnAmd64ImageOnlyWarnsAboutCreatingTheLogGroup() throws Exception {
        CheckResult result = check("amd.tar", "seed", null);

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(ExecutionRoleRules.EP105);
        assertThat(result.failed()).isFalse();
    }

    @Test
    void gravitonWithARolePolicyForTheLogGroupPasses() throws Exception {
        CheckResult result = check("arm.tar", "seed-graviton", null);

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
    }

    @Test
    void theModulesStylePointsEp001AtTheDynamicBlocksCpuArchitecture() throws Exception {
        assertThat(check("arm.tar", "modules-style", null).findings()).isEmpty();

        CheckResult result = check("amd.tar", "modules-style", null);

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
        assertThat(result.findings().get(0).location())
                .isEqualTo(line("modules-style/main.tf", 62, "cpu_architecture"));
        assertThat(result.container()).isEqualTo("my-service");
    }

    @Test
    void tfvarsDecideThePlatform() throws Exception {
        assertThat(check("arm.tar", "tfvars", null).findings()).isEmpty();
        CheckResult result = check("amd.tar", "tfvars", null);
        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
        assertThat(result.findings().get(0).location()).isEqualTo(line("tfvars/main.tf", 9, "cpu_architecture"));
    }

    @Test
    void aSidecarWithoutLogsInAJsonFileIsEp101AtItsLineInThatFile() throws Exception {
        try (Image opened =
                new ImageOpener(work, RegistryAccess.defaults()).open(ImageReference.parse("docker-archive:amd.tar"))) {
            CheckOptions api = new CheckOptions(
                    "api",
                    CheckOptions.defaults().allowedLogDrivers(),
                    java.util.Set.of(),
                    true,
                    false,
                    CheckOptions.defaults().imageBuilder());
            CheckResult result = CheckFixtures.check(opened, load("files", "api"), api);

            assertThat(result.findings())
                    .extracting(Finding::rule)
                    .containsExactly(LoggingRules.EP101, ImageReferenceRule.EP201);
            assertThat(result.findings().get(0).location()).isEqualTo(line("files/containers/api.json", 16, "{"));
            assertThat(result.findings().get(0).message()).contains("'xray-daemon'");
        }
    }

    @Test
    void anEc2TaskWithoutAnArchitectureConstraintIsEp007() throws Exception {
        CheckResult result = check("arm.tar", "heredoc", null);

        assertThat(result.findings())
                .extracting(Finding::rule)
                .containsExactly(PlatformRules.EP007, ImageReferenceRule.EP201);
        assertThat(result.findings().get(0).location()).isEqualTo(line("heredoc/main.tf", 9, "resource"));
        assertThat(result.findings().get(1).location()).isEqualTo(line("heredoc/main.tf", 16, "{"));
        // its role allows logs:CreateLogGroup through an inline aws_iam_policy_document: no EP105
    }

    @Test
    void aCustomerPolicyWithoutCreateLogGroupIsEp105AtTheRole() throws Exception {
        CheckResult result = check("arm.tar", "iam", null);

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(ExecutionRoleRules.EP105);
        assertThat(result.findings().get(0).location()).isEqualTo(line("iam/main.tf", 27, "resource \"aws_iam_role\""));
        assertThat(result.findings().get(0).message())
                .contains("aws_iam_policy.logs, AmazonECSTaskExecutionRolePolicy");
    }

    @Test
    void unknownValuesInventNoFinding() throws Exception {
        CheckResult result;
        try (Image opened =
                new ImageOpener(work, RegistryAccess.defaults()).open(ImageReference.parse("docker-archive:arm.tar"))) {
            // EP102 is left out: the reader keeps the unknown driver as ${module.logging.log_configuration}, and
            // judging it is LoggingRules' call (TaskDefinition.isUnknown), not the reader's
            // the container is named: beside module.sidecar's unknown container, "the only essential one" is no
            // safe guess (ContainerSelectorTest)
            CheckOptions options = new CheckOptions(
                    "app",
                    CheckOptions.defaults().allowedLogDrivers(),
                    java.util.Set.of(LoggingRules.EP102),
                    true,
                    false,
                    CheckOptions.defaults().imageBuilder());
            result = CheckFixtures.check(opened, load("unknowns", "app"), options);
        }

        // the architecture only a plan knows is EP007 at its line; the unknown image is no EP201
        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP007);
        assertThat(result.findings().get(0).location()).isEqualTo(line("unknowns/main.tf", 18, "cpu_architecture"));
    }

    @Test
    void aPlanPointsEp001AtItsResourceAndEp105AtItsRole() throws Exception {
        CheckResult result = check("arm.tar", "plan/plan.json", null);

        assertThat(result.findings())
                .extracting(Finding::rule)
                .containsExactly(PlatformRules.EP001, ExecutionRoleRules.EP105);
        assertThat(result.findings().get(0).location()).isEqualTo(line("plan/plan.json", 12, "{"));
        assertThat(result.findings().get(1).location()).isEqualTo(line("plan/plan.json", 54, "{"));
        assertThat(line("plan/plan.json", 55, "\"address\": \"aws_iam_role.execution\""))
                .isNotNull();

        CheckResult worker = check("arm.tar", "plan/plan.json", "this");
        assertThat(worker.findings())
                .extracting(Finding::rule)
                .containsExactly(LoggingRules.EP101, ImageReferenceRule.EP201);
        assertThat(worker.findings().get(0).location())
                .isEqualTo(line("plan/plan.json", 103, "\"container_definitions\""));
    }

    @Test
    void theExecutionRoleCanPullButNotReadASecretOutsideItsPolicysPrefix() throws Exception {
        CheckResult result = check("amd.tar", "execution-role", null);

        assertThat(result.outcome(ExecutionRoleRules.EP301).status()).isEqualTo(Outcome.Status.PASSED);
        assertThat(result.outcome(ExecutionRoleRules.EP303).status()).isEqualTo(Outcome.Status.PASSED);
        assertThat(result.findings()).extracting(Finding::rule).containsExactly(ExecutionRoleRules.EP302);
        Finding secrets = result.findings().get(0);
        assertThat(secrets.severity()).isEqualTo(Severity.WARNING);
        assertThat(secrets.message())
                .contains("read secret STRIPE_KEY needs secretsmanager:GetSecretValue on "
                        + "arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/stripe-XyZ123")
                .doesNotContain("DB_PASSWORD")
                .doesNotContain("FLAGS")
                .doesNotContain("app.env")
                .contains("ResourceInitializationError: unable to pull secrets or registry auth");
        assertThat(secrets.location())
                .isEqualTo(line("execution-role/main.tf", 34, "resource \"aws_iam_role\" \"execution\""));
        assertThat(secrets.remediation()).contains("secretsmanager:GetSecretValue on arn:aws:secretsmanager:");
    }

    @Test
    void aRoleTrustingEc2IsEp303AtItsTrustPolicyAndAConditionalGrantDecidesNothing() throws Exception {
        CheckResult result = check("amd.tar", "execution-role-trust", null);

        // the container has no logConfiguration either (EP101): the task would die with nothing to read
        assertThat(result.findings())
                .extracting(Finding::rule)
                .containsExactly(LoggingRules.EP101, ExecutionRoleRules.EP303);
        Finding trust = result.findings().get(1);
        assertThat(trust.severity()).isEqualTo(Severity.ERROR);
        assertThat(trust.location()).isEqualTo(line("execution-role-trust/main.tf", 18, "assume_role_policy"));
        assertThat(trust.message()).contains("ecs-tasks.amazonaws.com").contains("unable to assume the role");
        assertThat(result.outcome(ExecutionRoleRules.EP302).status()).isEqualTo(Outcome.Status.NOT_RUN);
        assertThat(result.outcome(ExecutionRoleRules.EP302).reason()).contains("has a condition");
        assertThat(result.outcome(ExecutionRoleRules.EP301).status()).isEqualTo(Outcome.Status.PASSED);
    }

    @Test
    void aSecretReferencedByArnIsJudgedAgainstThePolicyThatNamesTheSameReference() throws Exception {
        CheckResult result = check("amd.tar", "execution-role-references", null);

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(ExecutionRoleRules.EP302);
        assertThat(result.findings().get(0).message())
                .contains("read secret API_KEY needs secretsmanager:GetSecretValue on "
                        + "${aws_secretsmanager_secret.api_key.arn}")
                .doesNotContain("DB_PASSWORD");
    }

    @Test
    void aSecretEncryptedWithTheTeamsOwnKmsKeyNeedsKmsDecryptOnIt() throws Exception {
        CheckResult result = check("amd.tar", "execution-role-kms", null);

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(ExecutionRoleRules.EP302);
        assertThat(result.findings().get(0).message())
                .contains("read secret DB_PASSWORD (its KMS key) needs kms:Decrypt on ${aws_kms_key.secrets.arn}")
                .doesNotContain("API_KEY")
                .doesNotContain("GetSecretValue on");
        assertThat(result.findings().get(0).remediation()).contains("kms:Decrypt on ${aws_kms_key.secrets.arn}");
    }
}
