package io.github.ecspreflight.ecs.terraform;

import static io.github.ecspreflight.ecs.terraform.TerraformFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.check.CheckFixtures;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.Candidates;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.image.open.ImageOpener;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code count} and {@code for_each}: each instance is a candidate at its own address, judged by its own values. */
class TerraformInstancesTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImage() throws Exception {
        TestImages.dockerArchive(TestImages.scratch("amd64", work), work.resolve("amd.tar"), "my-service:1.0");
    }

    private static Candidates all() throws PreflightException {
        Path directory = TerraformFixtures.directory().resolve("instances");
        return TerraformReader.read(directory, "instances", null);
    }

    @Test
    void everyInstanceIsACandidateAtItsAddressAndCountZeroMakesNone() throws Exception {
        assertThat(all().candidates())
                .extracting(Candidate::address)
                .containsExactly(
                        "aws_ecs_task_definition.app[\"web\"]",
                        "aws_ecs_task_definition.app[\"worker\"]",
                        "aws_ecs_task_definition.shard[0]",
                        "aws_ecs_task_definition.shard[1]");
    }

    @Test
    void eachInstanceHasItsOwnValues() throws Exception {
        Candidates candidates = all();
        assertThat(candidates.candidates().get(0).taskDefinition().cpuArchitecture())
                .isEqualTo("ARM64");
        assertThat(candidates.candidates().get(0).taskDefinition().family()).isEqualTo("my-service-web");
        assertThat(candidates.candidates().get(1).taskDefinition().cpuArchitecture())
                .isEqualTo("X86_64");
        assertThat(candidates
                        .candidates()
                        .get(1)
                        .taskDefinition()
                        .containers()
                        .get(0)
                        .name())
                .isEqualTo("worker");
        assertThat(candidates.candidates().get(3).taskDefinition().family()).isEqualTo("shard-1");
    }

    @Test
    void anAmd64ImageInTheArm64InstanceIsEp001NotAWarning() throws Exception {
        Candidate web = TerraformFixtures.load("instances", "app[\"web\"]");
        CheckResult result;
        try (Image image =
                new ImageOpener(work, RegistryAccess.defaults()).open(ImageReference.parse("docker-archive:amd.tar"))) {
            result = CheckFixtures.check(image, web, CheckOptions.defaults());
        }

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(PlatformRules.EP001);
        assertThat(result.findings().get(0).location())
                .isEqualTo(line("instances/main.tf", 19, "cpu_architecture        = each.value.arch"));
        assertThat(result.failed()).isTrue();
    }

    @Test
    void taskDefinitionResourceTakesAnInstanceAddressOrTheResourceWhenOneInstanceFits() throws Exception {
        assertThat(TerraformFixtures.load("instances", "aws_ecs_task_definition.app[\"worker\"]")
                        .address())
                .isEqualTo("aws_ecs_task_definition.app[\"worker\"]");
        assertThat(TerraformFixtures.load("instances", "shard[1]")
                        .taskDefinition()
                        .family())
                .isEqualTo("shard-1");
        // the resource's instances are chosen among by the built image: only app's run my-service
        assertThatThrownBy(() -> TerraformFixtures.load("instances", "app"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("aws_ecs_task_definition.app[\"web\"], aws_ecs_task_definition.app[\"worker\"]");
        assertThatThrownBy(() -> TerraformFixtures.load("instances", "disabled"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinitionResource 'disabled': not in instances; it holds ");
    }
}
