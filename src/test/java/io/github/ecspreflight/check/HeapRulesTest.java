package io.github.ecspreflight.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerRuntime;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EP012 on Jib-built images whose entrypoint is a java command, as Jib writes its jvmFlags into it. */
class HeapRulesTest {

    private static final SourceLocation MEMORY_LINE = new SourceLocation("task.json", 11);
    private static final String SECRET = CheckFixtures.SECRET;

    @TempDir
    Path work;

    private Image image(List<String> entrypoint, Map<String, String> env) throws Exception {
        JibContainerBuilder builder = Jib.fromScratch()
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform("amd64", "linux")))
                .setEntrypoint(entrypoint)
                .setEnvironment(env);
        Path tar = work.resolve("image-" + System.nanoTime() + ".tar");
        TestImages.dockerArchive(builder, tar, "my-service:1.0");
        return CheckFixtures.open(work, "docker-archive:" + tar.getFileName());
    }

    private static List<String> jib(String... jvmFlags) {
        List<String> argv = new java.util.ArrayList<>(List.of("java"));
        argv.addAll(List.of(jvmFlags));
        argv.addAll(List.of("-cp", "@/app/jib-classpath-file", "@/app/jib-main-class-file"));
        return argv;
    }

    private static TaskDefinition task(Integer containerMemory, String taskMemory, Map<String, String> env) {
        return CheckFixtures.fargateTask(
                new ContainerRuntime(
                        null, null, null, null, containerMemory, null, containerMemory == null ? null : MEMORY_LINE),
                env,
                taskMemory);
    }

    private static CheckResult check(Image image, TaskDefinition task) throws Exception {
        CheckOptions options = new CheckOptions(null, Set.of("awslogs"), Set.of(), false, false, ImageBuilder.JIB);
        try (image) {
            return CheckFixtures.check(image, task, options);
        }
    }

    private static List<Finding> ep012(CheckResult result) {
        return result.findings().stream()
                .filter(f -> f.rule() == HeapRules.EP012)
                .toList();
    }

    @Test
    void aJibJvmFlagHeapAboveTheContainersMemoryIsAnEp012WarningAtTheMemoryLine() throws Exception {
        CheckResult result = check(image(jib("-Xms256m", "-Xmx1g"), Map.of()), task(512, "1024", Map.of()));

        assertThat(ep012(result)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.location()).isEqualTo(MEMORY_LINE);
            assertThat(f.message())
                    .contains("maximum heap is 1024 MiB (-Xmx in the command)")
                    .contains("the container's memory limit is 512 MiB")
                    .contains("exit code 137");
            assertThat(f.remediation()).contains("-Xmx384m").contains("-XX:MaxRAMPercentage=75");
        });
        assertThat(result.failed()).isFalse();
    }

    @Test
    void theTasksMemoryIsTheLimitWhenTheContainerSetsNoneAndAHeapBelowItPasses() throws Exception {
        assertThat(ep012(check(image(jib("-Xmx1g"), Map.of()), task(null, "1 GB", Map.of()))))
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("the task's memory is 1024 MiB"));
        CheckResult fits = check(image(jib("-XX:MaxHeapSize=768m"), Map.of()), task(null, "1024", Map.of()));
        assertThat(ep012(fits)).isEmpty();
        assertThat(fits.outcome(HeapRules.EP012).status()).isEqualTo(Outcome.Status.PASSED);
    }

    @Test
    void javaToolOptionsOfTheContainerOverTheImageCountAndTheirOtherOptionsAreNeverPrinted() throws Exception {
        Image image = image(List.of("/app/start.sh"), Map.of("JAVA_TOOL_OPTIONS", "-Xmx256m"));
        Map<String, String> env = Map.of("JAVA_TOOL_OPTIONS", "-Dapp.password=" + SECRET + " -Xmx2g");

        assertThat(ep012(check(image, task(1024, null, env))))
                .singleElement()
                .satisfies(f -> assertThat(f.message() + f.remediation())
                        .contains("2048 MiB (JAVA_TOOL_OPTIONS)")
                        .doesNotContain(SECRET)
                        .doesNotContain("app.password"));
    }

    @Test
    void withoutAHeapOrALimitEp012IsNotRunAndSaysWhy() throws Exception {
        CheckResult noHeap = check(image(jib(), Map.of()), task(512, null, Map.of()));
        assertThat(noHeap.outcome(HeapRules.EP012).status()).isEqualTo(Outcome.Status.NOT_RUN);
        CheckResult noLimit = check(image(jib("-Xmx1g"), Map.of()), task(null, null, Map.of()));
        assertThat(noLimit.outcome(HeapRules.EP012).reason()).contains("memory limit");
    }
}
