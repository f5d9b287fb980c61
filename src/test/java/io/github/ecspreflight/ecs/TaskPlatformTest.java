package io.github.ecspreflight.ecs;

import static io.github.ecspreflight.check.CheckFixtures.line;
import static io.github.ecspreflight.check.CheckFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.image.Platform;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where ECS will run a task definition, and which line decides it. */
class TaskPlatformTest {

    private static final SourceLocation RESOURCE = new SourceLocation("task.json", 1);

    private static TaskDefinition ec2With(PlacementConstraint... constraints) {
        return new TaskDefinition(
                "task.json",
                "my-service",
                null,
                null,
                null,
                List.of("EC2"),
                null,
                List.of(constraints),
                List.of(new ContainerDefinition(
                        "app", "my-service:1.0", true, null, null, Map.of(), null, null, RESOURCE)),
                TaskDefinition.Locations.of(RESOURCE),
                TaskDefinition.Format.ECS_JSON);
    }

    @Test
    void fargateWithoutRuntimePlatformRunsLinuxAmd64DecidedByTheFirstLine() throws Exception {
        TaskPlatform target = TaskPlatform.resolve(task("fargate-default-platform.json"), List.of());

        assertThat(target.known()).isTrue();
        assertThat(target.platform()).isEqualTo(Platform.LINUX_AMD64);
        assertThat(target.fargate()).isTrue();
        assertThat(target.location()).isEqualTo(line("fargate-default-platform.json", 2, "\"taskDefinition\": {"));
    }

    @Test
    void runtimePlatformArm64RunsLinuxArm64DecidedByTheCpuArchitectureLine() throws Exception {
        TaskPlatform target = TaskPlatform.resolve(task("fargate-arm64.json"), List.of());

        assertThat(target.platform()).isEqualTo(Platform.LINUX_ARM64);
        assertThat(target.location()).isEqualTo(line("fargate-arm64.json", 10, "\"cpuArchitecture\""));
    }

    @Test
    void ec2WithoutRuntimePlatformOrConstraintIsUnknown() throws Exception {
        TaskPlatform target = TaskPlatform.resolve(task("ec2-no-platform.json"), List.of());

        assertThat(target.known()).isFalse();
        assertThat(target.platform()).isNull();
        assertThat(target.os()).isEqualTo("linux");
        assertThat(target.fargate()).isFalse();
    }

    @Test
    void ec2WithArm64PlacementConstraintIsKnownArm64() throws Exception {
        TaskPlatform target = TaskPlatform.resolve(task("ec2-arm64-constraint.json"), List.of());

        assertThat(target.known()).isTrue();
        assertThat(target.platform()).isEqualTo(Platform.LINUX_ARM64);
        assertThat(target.reason()).contains("attribute:ecs.cpu-architecture == arm64");
    }

    @Test
    void ec2PlacementConstraintWithEcsAttributeValueX8664IsAmd64() throws Exception {
        TaskPlatform target = TaskPlatform.resolve(
                Candidate.of(ec2With(new PlacementConstraint("memberOf", "attribute:ecs.cpu-architecture == x86_64"))),
                List.of());

        assertThat(target.platform()).isEqualTo(Platform.LINUX_AMD64);
    }

    @Test
    void ec2PlacementConstraintWithInListOfOneIsKnown() throws Exception {
        TaskPlatform target = TaskPlatform.resolve(
                Candidate.of(ec2With(new PlacementConstraint("memberOf", "attribute:ecs.cpu-architecture in [arm64]"))),
                List.of());

        assertThat(target.platform()).isEqualTo(Platform.LINUX_ARM64);
    }

    @Test
    void ec2PlacementConstraintOnAnotherAttributeLeavesTheCpuUnknown() throws Exception {
        TaskPlatform target = TaskPlatform.resolve(
                Candidate.of(ec2With(new PlacementConstraint("memberOf", "attribute:ecs.instance-type =~ t4g.*"))),
                List.of());

        assertThat(target.known()).isFalse();
    }

    @Test
    void windowsFamilyRunsWindowsWithItsBuildNumber() throws Exception {
        TaskPlatform target = TaskPlatform.resolve(task("fargate-windows-2022.json"), List.of());

        assertThat(target.os()).isEqualTo("windows");
        assertThat(target.platform()).isEqualTo(new Platform("windows", "amd64", null, "10.0.20348"));
    }
}
