package io.github.ecspreflight.ecs.cloudformation;

import static io.github.ecspreflight.ecs.cloudformation.CloudFormationFixtures.SECRET;
import static io.github.ecspreflight.ecs.cloudformation.CloudFormationFixtures.line;
import static io.github.ecspreflight.ecs.cloudformation.CloudFormationFixtures.load;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.TestResources;
import io.github.ecspreflight.check.CheckFixtures;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.ExecutionRoleRules;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.check.Outcome;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.check.Severity;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.image.open.ImageOpener;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CloudFormation and CDK templates through the whole check, as the plugin runs it: the template loaded by
 * {@code TaskDefinitionLoader}, an image built by Jib, and the findings' rule ids and lines.
 */
class CloudFormationPreflightTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImages() throws Exception {
        TestImages.dockerArchive(TestImages.scratch("arm64", work), work.resolve("arm.tar"), "my-service:1.0");
        TestImages.dockerArchive(TestImages.scratch("amd64", work), work.resolve("amd.tar"), "my-service:1.0");
    }

    private static CheckResult check(String image, Candidate task) throws Exception {
        try (Image opened = new ImageOpener(work, RegistryAccess.defaults())
                .open(ImageReference.parse("docker-archive:" + image))) {
            return CheckFixtures.check(opened, task, CheckOptions.defaults());
        }
    }

    private static CheckResult check(String image, String template) throws Exception {
        return check(image, load(template));
    }

    // YAML with short-form tags

    @Test
    void anArm64ImageOnFargateWithoutRuntimePlatformIsEp001AtTheTaskDefinitionsLogicalId() throws Exception {
        CheckResult result = check("arm.tar", "fargate-service.yaml");

        assertThat(result.findings())
                .extracting(Finding::rule)
                .containsExactly(PlatformRules.EP001, ExecutionRoleRules.EP105);
        Finding platform = result.findings().get(0);
        assertThat(platform.severity()).isEqualTo(Severity.ERROR);
        assertThat(platform.location()).isEqualTo(line("fargate-service.yaml", 32, "  TaskDefinition:"));
        assertThat(platform.message())
                .contains("linux/arm64")
                .contains("X86_64")
                .contains("exec format error");
        assertThat(result.failed()).isTrue();
        assertThat(result.container()).isEqualTo("app");
        assertThat(result.taskDefinition().format()).isEqualTo(TaskDefinition.Format.CLOUDFORMATION);
        assertThat(result.findings().toString()).doesNotContain(SECRET);
    }

    @Test
    void awslogsCreatingItsGroupWithOnlyTheEcsManagedPolicyIsAnEp105WarningAtTheRole() throws Exception {
        CheckResult result = check("amd.tar", "fargate-service.yaml");

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(ExecutionRoleRules.EP105);
        Finding role = result.findings().get(0);
        assertThat(role.severity()).isEqualTo(Severity.WARNING);
        assertThat(role.location()).isEqualTo(line("fargate-service.yaml", 19, "  ExecutionRole:"));
        assertThat(role.message())
                .contains("ExecutionRole")
                .contains("logs:CreateLogGroup")
                .contains("AmazonECSTaskExecutionRolePolicy")
                .doesNotContain("logs:PutLogEvents");
        assertThat(result.failed()).isFalse();
    }

    @Test
    void anArm64ImageOnAnArm64RuntimePlatformPasses() throws Exception {
        CheckResult result = check("arm.tar", "fargate-service-arm64.yaml");

        assertThat(result.findings()).isEmpty();
        assertThat(result.failed()).isFalse();
    }

    @Test
    void anAmd64ImageOnAnArm64RuntimePlatformIsEp001AtTheCpuArchitectureLine() throws Exception {
        CheckResult result = check("amd.tar", "fargate-service-arm64.yaml");

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
        assertThat(result.findings().get(0).location())
                .isEqualTo(line("fargate-service-arm64.yaml", 40, "CpuArchitecture: ARM64"));
    }

    // JSON with long-form functions

    @Test
    void aJsonTemplateResolvesItsArchitectureFromAParameterDefaultThroughMappings() throws Exception {
        CheckResult result = check("arm.tar", "fargate-service.json");

        assertThat(result.findings()).isEmpty();
        assertThat(result.taskDefinition().cpuArchitecture()).isEqualTo("ARM64");
        assertThat(result.taskDefinition().family()).isEqualTo("my-service-arm64");
    }

    @Test
    void aJsonTemplatesEp001PointsAtItsCpuArchitectureLine() throws Exception {
        CheckResult result = check("amd.tar", "fargate-service.json");

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
        assertThat(result.findings().get(0).location())
                .isEqualTo(line("fargate-service.json", 60, "\"CpuArchitecture\""));
    }

    // CDK

    @Test
    void aCdkTemplateOnFargateWithoutRuntimePlatformIsEp001AtItsHashedLogicalId() throws Exception {
        CheckResult result = check("arm.tar", "cdk.out/MyServiceStack.template.json");

        // the DefaultPolicy CDK attaches grants what awslogs needs: no EP105; the Fn::Join image names my-service
        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
        assertThat(result.findings().get(0).location())
                .isEqualTo(line("cdk.out/MyServiceStack.template.json", 23, "\"TaskDef54694570\": {"));
        assertThat(result.container()).isEqualTo("app");
        // CDK's ExecutionRoleDefaultPolicy grants the pull on repository/my-service in the stack's own region and
        // account, which the Fn::Join image names too, and CDK's role trusts ecs-tasks.amazonaws.com
        assertThat(result.outcome(ExecutionRoleRules.EP301).status()).isEqualTo(Outcome.Status.PASSED);
        assertThat(result.outcome(ExecutionRoleRules.EP303).status()).isEqualTo(Outcome.Status.PASSED);
    }

    @Test
    void aCdkPolicyForAnotherRepositoryIsEp301AtTheRole() throws Exception {
        // the same synthesized template after the image moved to a repository the DefaultPolicy does not name
        Path copy = Files.createDirectories(work.resolve("cdk-moved"));
        Files.writeString(
                copy.resolve("MyServiceStack.template.json"),
                Files.readString(TestResources.directoryOf("/cloudformation/cdk.out/MyServiceStack.template.json")
                                .resolve("MyServiceStack.template.json"))
                        .replace(":repository/my-service\"", ":repository/legacy-service\""));

        CheckResult result = check("amd.tar", CloudFormationFixtures.load(copy, "MyServiceStack.template.json", null));

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(ExecutionRoleRules.EP301);
        assertThat(result.findings().get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(result.findings().get(0).message())
                .contains("ecr:BatchGetImage on arn:aws:ecr:${Fn::Select}:${Fn::Select}:repository/my-service")
                .doesNotContain("GetAuthorizationToken");
    }

    @Test
    void aCdkTaskDefinitionIsNamedByItsConstructPathTail() throws Exception {
        Candidate byPath = load("cdk.out/MyServiceStack.template.json", "TaskDef");
        Candidate byId = load("cdk.out/MyServiceStack.template.json", "TaskDef54694570");

        assertThat(byPath).isEqualTo(byId);
        assertThat(byPath.taskDefinition().family()).isEqualTo("MyServiceStackTaskDef54694570");
    }

    @Test
    void aCdkConstructPathPicksOneOfSeveralTaskDefinitions() throws Exception {
        String template = "cdk.out/WorkersStack.template.json";

        assertThat(check("arm.tar", load(template, "Worker/TaskDef")).findings())
                .isEmpty();
        CheckResult api = check("arm.tar", load(template, "WorkersStack/Api/TaskDef/Resource"));
        assertThat(api.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
        assertThat(api.findings().get(0).location()).isEqualTo(line(template, 23, "\"ApiTaskDef0B4E2F7C\": {"));
        assertThat(check("amd.tar", load(template, "WorkerTaskDefD2A1B3C4"))
                        .findings()
                        .get(0)
                        .location())
                .isEqualTo(line(template, 374, "\"CpuArchitecture\": \"ARM64\""));
    }

    @Test
    void aConstructPathTailThatNamesSeveralTaskDefinitionsIsAnErrorListingTheirPaths() {
        assertThatThrownBy(() -> load("cdk.out/WorkersStack.template.json", "TaskDef"))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "taskDefinition cdk.out/WorkersStack.template.json: taskDefinitionResource 'TaskDef' names 2 "
                                + "task definitions: ApiTaskDef0B4E2F7C (WorkersStack/Api/TaskDef), "
                                + "WorkerTaskDefD2A1B3C4 (WorkersStack/Worker/TaskDef); name one by a longer construct path or "
                                + "its logical id");
    }

    @Test
    void twoTaskDefinitionsRunningTheBuiltRepositoryAreAnErrorListingTheirLogicalIds() {
        assertThatThrownBy(() -> load("cdk.out/WorkersStack.template.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "taskDefinition cdk.out/WorkersStack.template.json: holds 2 task definitions; name one with "
                                + "ecsPreflight.taskDefinitionResource: ApiTaskDef0B4E2F7C (WorkersStack/Api/TaskDef), "
                                + "WorkerTaskDefD2A1B3C4 (WorkersStack/Worker/TaskDef)");
    }

    // several task definitions in YAML

    @Test
    void withoutTaskDefinitionResourceTheOneRunningTheBuiltRepositoryIsChecked() throws Exception {
        // ReportsTaskDefinition runs my-service too, but its Condition is false with the parameters' defaults
        CheckResult result = check("arm.tar", "several.yaml");

        assertThat(result.taskDefinition().family()).isEqualTo("my-service-worker");
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void taskDefinitionResourceNamesALogicalId() throws Exception {
        CheckResult result = check("arm.tar", load("several.yaml", "ApiTaskDefinition"));

        assertThat(result.findings())
                .extracting(Finding::rule)
                .containsExactly(PlatformRules.EP001, ImageReferenceRule.EP201);
        assertThat(result.findings())
                .extracting(Finding::location)
                .containsExactly(
                        line("several.yaml", 14, "  ApiTaskDefinition:"), line("several.yaml", 23, "- Name: api"));
    }

    @Test
    void aLogicalIdNotInTheTemplateIsAnErrorListingTheOnesThere() {
        assertThatThrownBy(() -> load("several.yaml", "WebTaskDefinition"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinitionResource 'WebTaskDefinition': not in several.yaml; it holds "
                        + "ApiTaskDefinition, WorkerTaskDefinition, ReportsTaskDefinition");
    }

    @Test
    void aCdkConstructNotInTheTemplateIsAnErrorListingTheConstructPaths() {
        assertThatThrownBy(() -> load("cdk.out/MyServiceStack.template.json", "Service/TaskDef"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinitionResource 'Service/TaskDef': not in cdk.out/MyServiceStack.template.json; it "
                        + "holds TaskDef54694570 (MyServiceStack/TaskDef)");
    }

    // unknowns

    @Test
    void valuesOnlyADeploymentKnowsInventNoFindingButTheUnknownArchitecture() throws Exception {
        CheckResult result = check("arm.tar", "unknowns.yaml");

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP007);
        Finding unknown = result.findings().get(0);
        assertThat(unknown.severity()).isEqualTo(Severity.WARNING);
        assertThat(unknown.location()).isEqualTo(line("unknowns.yaml", 26, "CpuArchitecture: !Ref Architecture"));
        assertThat(unknown.message()).contains("${Architecture}");
        // the role is unknown statically: no evidence, so EP105 is not judged rather than passed
        assertThat(result.outcome(ExecutionRoleRules.EP105).status()).isEqualTo(Outcome.Status.NOT_RUN);
        assertThat(result.failed()).isFalse();
    }
}
