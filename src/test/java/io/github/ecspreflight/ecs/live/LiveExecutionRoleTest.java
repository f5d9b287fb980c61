package io.github.ecspreflight.ecs.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ExecutionRoleActions;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.iam.ExecutionRoleEvidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What IAM's simulator is asked about an execution role, and the evidence its answer gives EP105. */
class LiveExecutionRoleTest {

    private static final LiveExecutionRole.RoleTrust TRUSTED = role -> true;

    private static final String ROLE = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";
    private static final SourceLocation AT = SourceLocation.ofFile("ecs:orders-api:3");

    private final List<String> notes = new ArrayList<>();
    private final List<List<String>> asked = new ArrayList<>();

    private static ContainerDefinition container(String name, String driver, String... options) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        LogConfiguration logs = driver == null ? null : new LogConfiguration(driver, map, AT);
        return new ContainerDefinition(name, "orders-api:1", true, null, null, Map.of(), null, logs, AT);
    }

    private static TaskDefinition task(String role, ContainerDefinition... containers) {
        return new TaskDefinition(
                "ecs:orders-api:3",
                "orders-api",
                3,
                "ARM64",
                "LINUX",
                List.of("FARGATE"),
                role,
                List.of(),
                Arrays.asList(containers),
                TaskDefinition.Locations.of(AT),
                TaskDefinition.Format.LIVE);
    }

    private LiveExecutionRole.PolicySimulator allowing(String... allowed) {
        return (role, actions, resources, context) -> {
            asked.add(List.of(role, String.join(",", actions), String.join(",", resources)));
            return new LiveExecutionRole.Answer(Set.of(allowed), Set.of());
        };
    }

    @Test
    void awslogsNeedsStreamAndEventsAndCreatingTheGroupNeedsMore() {
        assertThat(ExecutionRoleActions.forLogs(task(ROLE, container("app", "awslogs", "awslogs-group", "/ecs/a"))))
                .containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(ExecutionRoleActions.forLogs(task(
                        ROLE, container("app", "awslogs", "awslogs-group", "/ecs/a", "awslogs-create-group", "true"))))
                .containsExactly("logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup");
        assertThat(ExecutionRoleActions.forLogs(task(ROLE, container("app", "splunk"), container("b", null))))
                .isEmpty();
    }

    @Test
    void theEvidenceHoldsExactlyTheAllowedRequiredActionsAndIsComplete() {
        TaskDefinition task = task(
                ROLE,
                container(
                        "app",
                        "awslogs",
                        "awslogs-group",
                        "/ecs/orders-api",
                        "awslogs-region",
                        "eu-west-1",
                        "awslogs-create-group",
                        "true"));

        ExecutionRoleEvidence evidence = LiveExecutionRole.evidence(
                task,
                null,
                "us-east-1",
                allowing("logs:CreateLogStream", "logs:PutLogEvents", "ecr:BatchGetImage"),
                TRUSTED,
                notes::add);

        assertThat(asked)
                .containsExactly(List.of(
                        ROLE,
                        "logs:CreateLogStream,logs:PutLogEvents,logs:CreateLogGroup",
                        "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/orders-api:*"));
        assertThat(evidence.source()).isEqualTo(ExecutionRoleEvidence.Source.LIVE);
        assertThat(evidence.complete()).isTrue();
        assertThat(evidence.role()).isEqualTo(ROLE);
        assertThat(evidence.allowedActions()).containsExactlyInAnyOrder("logs:createlogstream", "logs:putlogevents");
        assertThat(evidence.allows("logs:CreateLogGroup")).isFalse();
        assertThat(evidence.policies()).containsExactly(LiveExecutionRole.SIMULATOR);
        assertThat(evidence.location()).isEqualTo(AT);
        assertThat(notes).isEmpty();
    }

    @Test
    void eachLogGroupIsAskedInItsRegionAndPartition() {
        String china = "arn:aws-cn:iam::123456789012:role/ecsTaskExecutionRole";
        TaskDefinition task = task(
                china,
                container("app", "awslogs", "awslogs-group", "/ecs/app"),
                container("sidecar", "awslogs", "awslogs-group", "/ecs/sidecar", "awslogs-region", "cn-northwest-1"),
                container("again", "awslogs", "awslogs-group", "/ecs/app"),
                container("unknown", "awslogs", "awslogs-group", "${var.group}"),
                container("no-group", "awslogs"));

        LiveExecutionRole.evidence(task, null, "cn-north-1", allowing(), TRUSTED, notes::add);

        // one question per log group, each group once
        assertThat(asked)
                .extracting(question -> question.get(2))
                .containsExactly(
                        "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/ecs/app:*",
                        "arn:aws-cn:logs:cn-northwest-1:123456789012:log-group:/ecs/sidecar:*");
    }

    @Test
    void aRoleNamedWithoutAnArnTakesTheTaskDefinitionsAccount() {
        TaskDefinition task = task("ecsTaskExecutionRole", container("app", "awslogs", "awslogs-group", "/ecs/a"));

        ExecutionRoleEvidence evidence = LiveExecutionRole.evidence(
                task,
                "arn:aws:ecs:eu-west-1:210987654321:task-definition/orders-api:3",
                "eu-west-1",
                allowing(),
                TRUSTED,
                notes::add);

        assertThat(evidence.role()).isEqualTo("arn:aws:iam::210987654321:role/ecsTaskExecutionRole");
        assertThat(asked.get(0).get(2)).isEqualTo("arn:aws:logs:eu-west-1:210987654321:log-group:/ecs/a:*");
    }

    @Test
    void whenIamCannotBeAskedANoteSaysSoAndNothingIsJudged() {
        TaskDefinition task = task(ROLE, container("app", "awslogs", "awslogs-group", "/ecs/a"));

        ExecutionRoleEvidence evidence = LiveExecutionRole.evidence(
                task,
                null,
                "eu-west-1",
                (role, actions, resources, context) -> {
                    throw new LiveExecutionRole.Unavailable("AWS denied iam:SimulatePrincipalPolicy");
                },
                TRUSTED,
                notes::add);

        assertThat(evidence.complete()).isFalse();
        assertThat(evidence.grants()).isNull();
        assertThat(evidence.trust().trustsEcsTasks()).isTrue();
        assertThat(notes)
                .containsExactly(
                        "ecs-preflight: EP105, EP301 and EP302 not judged live: AWS denied iam:SimulatePrincipalPolicy");
    }

    @Test
    void nothingIsAskedWithoutARoleOrAnythingItIsNeededFor() {
        assertThat(LiveExecutionRole.evidence(
                        task(null, container("app", "awslogs", "awslogs-group", "/ecs/a")),
                        null,
                        "eu-west-1",
                        allowing(),
                        TRUSTED,
                        notes::add))
                .isNull();
        assertThat(LiveExecutionRole.evidence(
                        task(ROLE, container("app", "splunk")), null, "eu-west-1", allowing(), TRUSTED, notes::add))
                .isNull();
        assertThat(LiveExecutionRole.evidence(
                        task(ROLE, container("app", "awslogs")), null, "eu-west-1", allowing(), TRUSTED, notes::add))
                .isNull();
        assertThat(asked).isEmpty();
        assertThat(notes).isEmpty();
    }

    @Test
    void aRoleThatIsNoArnWithoutAnAccountToCompleteItIsANote() {
        ExecutionRoleEvidence evidence = LiveExecutionRole.evidence(
                task("ecsTaskExecutionRole", container("app", "awslogs", "awslogs-group", "/ecs/a")),
                null,
                "eu-west-1",
                allowing(),
                TRUSTED,
                notes::add);

        assertThat(evidence).isNull();
        assertThat(notes).singleElement().asString().contains("is not an ARN");
        assertThat(asked).isEmpty();
    }
}
