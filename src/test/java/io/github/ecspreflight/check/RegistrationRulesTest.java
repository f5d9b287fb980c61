package io.github.ecspreflight.check;

import static io.github.ecspreflight.check.CheckFixtures.line;
import static io.github.ecspreflight.check.CheckFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EP401-EP404 on task definitions written as the ECS API reference shapes them, each refused the way ECS refuses it. */
class RegistrationRulesTest {

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImage() throws Exception {
        TestImages.dockerArchive(
                TestImages.scratch("amd64", work),
                work.resolve("amd.tar"),
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0");
    }

    private static CheckResult check(String taskDefinition) throws Exception {
        try (Image image = CheckFixtures.open(work, "docker-archive:amd.tar")) {
            return CheckFixtures.check(image, task(taskDefinition), CheckOptions.defaults());
        }
    }

    private static List<Finding> of(CheckResult result, Rule rule) {
        return result.findings().stream().filter(f -> f.rule() == rule).toList();
    }

    @Test
    void everyWayTheDefinitionIsRefusedIsAFindingAtItsLine() throws Exception {
        CheckResult result = check("registration-refused.json");

        assertThat(of(result, RegistrationRules.EP401)).singleElement().satisfies(f -> {
            assertThat(f.message())
                    .contains("Fargate offers no task of 1024 CPU units with 1024 MiB")
                    .contains("No Fargate configuration exists for given values: 1024 CPU, 1024 memory")
                    .contains("With 1024 CPU units Fargate offers 2048 to 8192 MiB in steps of 1024.");
            assertThat(f.remediation()).startsWith("set \"cpu\": \"1024\", \"memory\": \"2048\" at the task level");
            assertThat(f.location()).isEqualTo(line("registration-refused.json", 1, "{"));
        });
        assertThat(of(result, RegistrationRules.EP402))
                .extracting(Finding::message)
                .containsExactly(
                        "Container 'app' asks for memory 2048 MiB, more than the task's 1024 MiB: ECS refuses to register the "
                                + "task definition (ClientException: a container may not ask for more memory than its task has).",
                        "The containers' cpu adds up to 1280 units (app 768, envoy 512), more than the task's 1024: ECS "
                                + "refuses to register the task definition (ClientException: the containers share the task's cpu).");
        assertThat(of(result, RegistrationRules.EP402).get(0).location())
                .isEqualTo(line("registration-refused.json", 9, "{"));
        assertThat(of(result, RegistrationRules.EP403)).singleElement().satisfies(f -> {
            assertThat(f.message())
                    .contains("maps host port 80 to container port 8080")
                    .contains("host ports and container ports in port mappings must match");
            assertThat(f.remediation()).startsWith("set hostPort to 8080 or leave it out");
        });
        assertThat(of(result, RegistrationRules.EP404))
                .extracting(Finding::message)
                .satisfiesExactly(
                        none -> assertThat(none)
                                .startsWith("No container of the task definition is essential (2 containers"),
                        missing -> assertThat(missing)
                                .startsWith(
                                        "Container 'envoy' depends on 'xray', which is not a container of the task (app, envoy)"),
                        cycle -> assertThat(cycle).startsWith("dependsOn forms a cycle: app -> envoy -> app"));
        assertThat(result.failed()).isTrue();
    }

    @Test
    void aFargateSizeNotOfferedNamesTheNearestOneAndOfferedSizesPass() throws Exception {
        CheckResult result = check("registration-sizes.json");

        assertThat(result.findings()).extracting(Finding::rule).containsExactly(RegistrationRules.EP401);
        assertThat(result.findings().get(0).remediation()).startsWith("set \"cpu\": \"512\", \"memory\": \"1024\"");
        assertThat(result.outcome(RegistrationRules.EP403).status()).isEqualTo(Outcome.Status.PASSED);
        assertThat(check("fargate-x86_64.json").findings()).isEmpty();
    }

    @Test
    void fargateSizesAreTheDeveloperGuidesTable() {
        assertThat(RegistrationRules.offers(256, 512)).isTrue();
        assertThat(RegistrationRules.offers(256, 2048)).isTrue();
        assertThat(RegistrationRules.offers(256, 1536)).isFalse();
        assertThat(RegistrationRules.offers(256, 3072)).isFalse();
        assertThat(RegistrationRules.offers(512, 3072)).isTrue();
        assertThat(RegistrationRules.offers(4096, 30720)).isTrue();
        assertThat(RegistrationRules.offers(4096, 31744)).isFalse();
        assertThat(RegistrationRules.offers(8192, 20480)).isTrue();
        assertThat(RegistrationRules.offers(8192, 17408)).isFalse();
        assertThat(RegistrationRules.offers(16384, 122880)).isTrue();
        assertThat(RegistrationRules.offers(16384, 36864)).isFalse();
        assertThat(RegistrationRules.offers(300, 1024)).isFalse();
    }
}
