package io.github.ecspreflight.ecs;

import static io.github.ecspreflight.check.CheckFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which container the built image runs in, and how a container's image is matched to the built repository. */
class ContainerSelectorTest {

    @Test
    void containerNameChoosesThatContainerOverTheOneRunningTheRepository() throws Exception {
        assertThat(ContainerSelector.select(task("sidecars.json").taskDefinition(), "envoy", "my-service")
                        .name())
                .isEqualTo("envoy");
    }

    @Test
    void withoutContainerNameTheContainerRunningTheBuiltRepositoryIsChosen() throws Exception {
        // sidecars.json has two essential containers; only app runs my-service
        assertThat(ContainerSelector.select(task("sidecars.json").taskDefinition(), null, "my-service")
                        .name())
                .isEqualTo("app");
    }

    @Test
    void aBlankContainerNameCountsAsUnset() throws Exception {
        assertThat(ContainerSelector.select(task("sidecars.json").taskDefinition(), " ", "my-service")
                        .name())
                .isEqualTo("app");
    }

    @Test
    void theRepositoryMatchesWhateverRegistryTheTaskPullsFrom() throws Exception {
        // an OCI index names its repository docker.io/library/my-service; the task pulls from ECR
        assertThat(ContainerSelector.select(
                                task("sidecars.json").taskDefinition(), null, "docker.io/library/my-service")
                        .name())
                .isEqualTo("app");
    }

    @Test
    void whenNoContainerRunsTheRepositoryTheOnlyEssentialContainerIsChosen() throws Exception {
        // other-repository.json: app (nginx, essential) and log-router (non-essential)
        assertThat(ContainerSelector.select(task("other-repository.json").taskDefinition(), null, "my-service")
                        .name())
                .isEqualTo("app");
    }

    @Test
    void withoutARepositoryTheOnlyEssentialContainerIsChosen() throws Exception {
        assertThat(ContainerSelector.select(task("other-repository.json").taskDefinition(), null, null)
                        .name())
                .isEqualTo("app");
    }

    @Test
    void twoEssentialContainersRunningOtherImagesAreAmbiguousAndListedAsCandidates() {
        assertThatThrownBy(() -> ContainerSelector.select(
                        task("two-essential-other-images.json").taskDefinition(), null, "my-service"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("containerName: cannot tell which container of two-essential-other-images.json runs the "
                        + "image; set ecsPreflight.containerName to one of web (public.ecr.aws/nginx/nginx:1.25), "
                        + "worker (public.ecr.aws/docker/library/busybox:1.36)");
    }

    @Test
    void twoContainersRunningTheBuiltRepositoryAreAmbiguousAndOnlyTheyAreListed() {
        assertThatThrownBy(() -> ContainerSelector.select(
                        task("two-containers-same-repository.json").taskDefinition(), null, "my-service"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith(
                        "containerName: cannot tell which container of "
                                + "two-containers-same-repository.json runs the image; set ecsPreflight.containerName to one of ")
                .hasMessageContaining("web (123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0)")
                .hasMessageContaining("migrate (123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0)");
    }

    @Test
    void anUnknownContainerNameListsTheContainersThereAre() {
        assertThatThrownBy(() -> ContainerSelector.select(task("sidecars.json").taskDefinition(), "api", "my-service"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("containerName 'api': no such container in sidecars.json; it has "
                        + "app (123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0), "
                        + "envoy (840364872350.dkr.ecr.eu-west-1.amazonaws.com/aws-appmesh-envoy:v1.29.4.0-prod), "
                        + "log-router (public.ecr.aws/aws-observability/aws-for-fluent-bit:stable)");
    }

    @ParameterizedTest(name = "{0} references {1}: {2}")
    @CsvSource({
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0, my-service, true",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0, docker.io/library/my-service, true",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/my-service@sha256:0123abcd, team/my-service, true",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/my-service:1.0, my-service, true",
        "localhost:5000/my-service:2.0, my-service, true",
        "my-service, localhost:5000/my-service, true",
        "MY-SERVICE:1.0, my-service, true",
        "nginx:1.25, library/nginx, true",
        "docker.io/library/nginx:1.25, nginx, true",
        "public.ecr.aws/nginx/nginx:1.25, my-service, false",
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/other-my-service:1.0, my-service, false",
        "my-service-worker:1.0, my-service, false",
    })
    void referencesRepositoryIgnoresRegistryTagAndDigest(String containerImage, String built, boolean expected) {
        assertThat(ContainerSelector.referencesRepository(containerImage, built))
                .isEqualTo(expected);
    }

    @Test
    void aContainerWithoutImageOrABuildWithoutRepositoryReferencesNothing() {
        assertThat(ContainerSelector.referencesRepository(null, "my-service")).isFalse();
        assertThat(ContainerSelector.referencesRepository("my-service:1.0", null))
                .isFalse();
    }

    private static TaskDefinition withContainers(TaskDefinition.Format format, ContainerDefinition... containers) {
        return new TaskDefinition(
                "infra",
                "my-service",
                null,
                "X86_64",
                "LINUX",
                java.util.List.of("FARGATE"),
                null,
                java.util.List.of(),
                java.util.List.of(containers),
                TaskDefinition.Locations.of(new io.github.ecspreflight.common.SourceLocation("infra/main.tf", 1)),
                format);
    }

    private static ContainerDefinition container(String name, String image, boolean essential) {
        return new ContainerDefinition(
                name,
                image,
                essential,
                null,
                null,
                java.util.Map.of(),
                null,
                null,
                new io.github.ecspreflight.common.SourceLocation("infra/main.tf", 1));
    }

    @Test
    void anUnknownContainerBesideTheOnlyKnownEssentialOneIsNoSafeGuess() {
        // jsonencode([module.app.json_map_object, local.sidecar]) with module.app not readable
        TaskDefinition task = withContainers(
                TaskDefinition.Format.TERRAFORM,
                container("${module.app.json_map_object}", "${module.app.json_map_object}", false),
                container("log-router", "fluent/fluent-bit:3.0", true));

        assertThatThrownBy(() -> ContainerSelector.select(task, null, "my-service"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("containerName: cannot tell which container of infra runs the image");
    }

    @Test
    void containersThatAreAllComputedSendTheUserToThePlan() {
        TaskDefinition task = withContainers(
                TaskDefinition.Format.TERRAFORM,
                container("${{ for k, v in local.definition : k => v if v != null }}", "${x}", false));

        assertThatThrownBy(() -> ContainerSelector.select(task, null, "my-service"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition infra: its containers are computed from values known only once deployed, "
                        + "so which one runs the image cannot be told; check the plan instead: terraform plan "
                        + "-out=plan.out && terraform show -json plan.out > plan.json, and name plan.json");
    }
}
