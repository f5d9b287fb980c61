package io.github.ecspreflight.check;

import io.github.ecspreflight.TestResources;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.Candidates;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerRuntime;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.open.ImageOpener;
import io.github.ecspreflight.run.PreflightRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task-definition fixtures under {@code src/test/resources/check/}, loaded as the plugin loads them (so that
 * findings carry real file names and lines), and the option sets the tests check with.
 */
public final class CheckFixtures {

    /** What the test images are named, as {@code jib:buildTar} names them. */
    public static final String BUILT_IMAGE = "my-service:1.0";

    /** A container environment value in {@code fargate-default-platform.json} that must never be printed. */
    public static final String SECRET = "s3cr3t-Pa55w0rd-must-never-be-printed";

    private CheckFixtures() {}

    /**
     * {@code task.json}: a Fargate X86_64 task whose one container, {@code app} at line 7, runs {@code my-service:1.0}
     * with complete awslogs, the given user, health check and memory limits, and environment; the task's
     * {@code memory} as written, or null.
     */
    /** The Fargate task of {@link #fargateTask(ContainerRuntime, Map, String)} whose container sets {@code entryPoint}. */
    public static TaskDefinition fargateTask(List<String> entryPoint) {
        return fargateTask(entryPoint, ContainerRuntime.NONE, Map.of(), "512");
    }

    public static TaskDefinition fargateTask(
            ContainerRuntime runtime, Map<String, String> environment, String taskMemory) {
        return fargateTask(null, runtime, environment, taskMemory);
    }

    private static TaskDefinition fargateTask(
            List<String> entryPoint, ContainerRuntime runtime, Map<String, String> environment, String taskMemory) {
        SourceLocation container = new SourceLocation("task.json", 7);
        ContainerDefinition app = new ContainerDefinition(
                "app",
                BUILT_IMAGE,
                true,
                entryPoint,
                entryPoint == null ? null : List.of(),
                environment,
                null,
                new LogConfiguration(
                        "awslogs",
                        Map.of(
                                "awslogs-group",
                                "/ecs/app",
                                "awslogs-region",
                                "eu-west-1",
                                "awslogs-stream-prefix",
                                "app"),
                        container),
                container,
                runtime);
        return new TaskDefinition(
                "task.json",
                "my-service",
                null,
                "X86_64",
                "LINUX",
                List.of("FARGATE"),
                "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
                List.of(),
                List.of(app),
                TaskDefinition.Locations.of(new SourceLocation("task.json", 1)),
                TaskDefinition.Format.ECS_JSON,
                // cpu that any Fargate memory of 512-2048 MiB fits; a test about memory gives its own
                taskMemory,
                "256",
                "awsvpc");
    }

    public static Path directory() {
        return TestResources.directoryOf("/check/fargate-arm64.json");
    }

    /** Loads a fixture through the plugin's loader, so its source is the file name as a user would give it. */
    public static Candidate task(String name) throws PreflightException {
        return TestTaskDefinitions.load(directory(), name);
    }

    /**
     * {@code file:line}, after checking that this line of the fixture holds {@code text}: a finding that points
     * there points at the right attribute, and an edit to a fixture cannot shift a line unnoticed.
     */
    public static SourceLocation line(String file, int line, String text) {
        return TestResources.line(directory(), file, line, text);
    }

    public static Image open(Path directory, String reference) throws PreflightException {
        return new ImageOpener(directory, RegistryAccess.defaults()).open(ImageReference.parse(reference));
    }

    /** Selects, resolves and checks as the plugin does after reading: the task definition as deployed. */
    public static CheckResult check(Image image, Candidate deployed, CheckOptions options) throws PreflightException {
        return PreflightRunner.check(image, Candidates.of(deployed), options);
    }

    /** A task definition known only by what it says. */
    public static CheckResult check(Image image, TaskDefinition task, CheckOptions options) throws PreflightException {
        return check(image, Candidate.of(task), options);
    }

    public static CheckOptions builtWith(ImageBuilder builder) {
        return new CheckOptions(null, Set.of("awslogs"), Set.of(), true, false, builder);
    }

    public static CheckOptions failingOnWarning() {
        return new CheckOptions(null, Set.of("awslogs"), Set.of(), true, true, ImageBuilder.DOCKER);
    }

    public static CheckOptions skipping(Rule... rules) {
        return new CheckOptions(null, Set.of("awslogs"), Set.of(rules), true, false, ImageBuilder.DOCKER);
    }

    public static CheckOptions allowingLogDrivers(String... drivers) {
        return new CheckOptions(null, Set.of(drivers), Set.of(), true, false, ImageBuilder.DOCKER);
    }
}
