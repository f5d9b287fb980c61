package io.github.ecspreflight.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What EP106 and EP304 ask AWS about: each resource as its own service names it. */
class LiveResourcesTest {

    @TempDir
    Path work;

    private LiveResources.Resource parameter(String valueFrom) throws Exception {
        Files.writeString(work.resolve("task.json"), """
                {"family": "orders", "containerDefinitions": [{"name": "app", "image": "app:1",
                  "secrets": [{"name": "VALUE", "valueFrom": "%s"}]}]}
                """.formatted(valueFrom));
        Candidate candidate = TestTaskDefinitions.load(work, "task.json");
        return LiveResources.referencedBy(candidate.taskDefinition(), "us-east-1")
                .get(0);
    }

    @Test
    void eachResourceIsListedOnceInTheOrderTheTaskReferencesIt() throws Exception {
        Files.writeString(work.resolve("task.json"), """
                {"family": "orders", "containerDefinitions": [
                  {"name": "app", "image": "app:1", "secrets": [
                    {"name": "A", "valueFrom": "flags"},
                    {"name": "B", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/flags"}]},
                  {"name": "sidecar", "image": "sidecar:1", "secrets": [
                    {"name": "A", "valueFrom": "flags"},
                    {"name": "C", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/flags"}]}]}
                """);
        Candidate candidate = TestTaskDefinitions.load(work, "task.json");

        assertThat(LiveResources.referencedBy(candidate.taskDefinition(), "us-east-1"))
                .containsExactly(
                        new LiveResources.Resource(LiveResources.Kind.PARAMETER, "flags", "us-east-1"),
                        new LiveResources.Resource(LiveResources.Kind.PARAMETER, "flags", "eu-west-1"));
    }

    @Test
    void aParameterArnWithoutAPathNamesTheParameterWithoutASlash() throws Exception {
        assertThat(parameter("arn:aws:ssm:eu-west-1:123456789012:parameter/flags"))
                .isEqualTo(new LiveResources.Resource(LiveResources.Kind.PARAMETER, "flags", "eu-west-1"));
    }

    @Test
    void aParameterArnWithAPathNamesThePathWithItsLeadingSlash() throws Exception {
        assertThat(parameter("arn:aws:ssm:eu-west-1:123456789012:parameter/orders/flags"))
                .isEqualTo(new LiveResources.Resource(LiveResources.Kind.PARAMETER, "/orders/flags", "eu-west-1"));
        assertThat(parameter("arn:aws:ssm:eu-west-1:123456789012:parameter//orders/flags")
                        .id())
                .isEqualTo("/orders/flags");
    }

    @Test
    void aParameterByNameIsInTheTasksRegion() throws Exception {
        assertThat(parameter("flags"))
                .isEqualTo(new LiveResources.Resource(LiveResources.Kind.PARAMETER, "flags", "us-east-1"));
    }
}
