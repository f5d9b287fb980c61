package io.github.ecspreflight.ecs.json;

import static io.github.ecspreflight.ecs.TestFiles.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerStartup;
import io.github.ecspreflight.ecs.LogConfiguration;
import io.github.ecspreflight.ecs.PlacementConstraint;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDefinitionJsonReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static SourceLocation at(String file, int line) {
        return new SourceLocation(file, line);
    }

    @Test
    void readsAFargateRegisterInputWithoutRuntimePlatform() throws Exception {
        String name = "src/main/ecs/fargate-register-input.json";
        TaskDefinition td = TaskDefinitionJsonReader.read(fixture("fargate-register-input.json"), name);

        assertThat(td.source()).isEqualTo(name);
        assertThat(td.family()).isEqualTo("webserver");
        assertThat(td.revision()).isNull();
        assertThat(td.cpuArchitecture()).isNull();
        assertThat(td.operatingSystemFamily()).isNull();
        assertThat(td.requiresCompatibilities()).containsExactly("FARGATE");
        assertThat(td.requiresFargate()).isTrue();
        assertThat(td.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        assertThat(td.placementConstraints()).isEmpty();

        assertThat(td.locations().resource()).isEqualTo(at(name, 1));
        assertThat(td.locations().cpuArchitecture()).isEqualTo(at(name, 1));
        assertThat(td.locations().operatingSystemFamily()).isEqualTo(at(name, 1));
        assertThat(td.locations().executionRoleArn()).isEqualTo(at(name, 9));

        assertThat(td.containers()).hasSize(2);
        ContainerDefinition web = td.containers().get(0);
        assertThat(web.name()).isEqualTo("web");
        assertThat(web.image()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/webserver:1.4.2");
        assertThat(web.essential()).isTrue();
        assertThat(web.entryPoint()).isNull();
        assertThat(web.command()).isNull();
        assertThat(web.workingDirectory()).isNull();
        assertThat(web.environment())
                .containsOnlyKeys("SPRING_PROFILES_ACTIVE", "DB_PASSWORD")
                .containsEntry("SPRING_PROFILES_ACTIVE", "prod");
        assertThat(web.location()).isEqualTo(at(name, 11));
        assertThat(web.logConfiguration())
                .isEqualTo(new LogConfiguration(
                        "awslogs",
                        Map.of(
                                "awslogs-group", "/ecs/webserver",
                                "awslogs-region", "us-east-1",
                                "awslogs-stream-prefix", "ecs",
                                "awslogs-create-group", "true"),
                        at(name, 32)));

        ContainerDefinition router = td.containers().get(1);
        assertThat(router.name()).isEqualTo("log-router");
        assertThat(router.essential()).isFalse();
        assertThat(router.entryPoint()).containsExactly("/fluent-bit/bin/fluent-bit");
        assertThat(router.command())
                .containsExactly("-e", "/fluent-bit/firehose.so", "-c", "/fluent-bit/etc/fluent-bit.conf");
        assertThat(router.workingDirectory()).isEqualTo("/fluent-bit");
        assertThat(router.environment()).isEmpty();
        assertThat(router.logConfiguration()).isNull();
        assertThat(router.location()).isEqualTo(at(name, 42));
    }

    @Test
    void neverPrintsAnEnvironmentValue() throws Exception {
        TaskDefinition td = TaskDefinitionJsonReader.read(fixture("fargate-register-input.json"), "td.json");
        ContainerDefinition web = td.containers().get(0);

        assertThat(web.environment()).containsEntry("DB_PASSWORD", "hunter2-do-not-print");
        assertThat(web.toString()).contains("web").contains("DB_PASSWORD").doesNotContain("hunter2");
        assertThat(td.toString()).doesNotContain("hunter2");
    }

    @Test
    void readsADescribeOutputWithArm64RuntimePlatformAndRevision() throws Exception {
        String name = "describe-arm64.json";
        TaskDefinition td = TaskDefinitionJsonReader.read(fixture(name), name);

        assertThat(td.family()).isEqualTo("orders-api");
        assertThat(td.revision()).isEqualTo(3);
        assertThat(td.cpuArchitecture()).isEqualTo("ARM64");
        assertThat(td.operatingSystemFamily()).isEqualTo("LINUX");
        assertThat(td.requiresCompatibilities()).containsExactly("FARGATE");
        assertThat(td.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        assertThat(td.placementConstraints()).isEmpty();

        assertThat(td.locations().resource()).isEqualTo(at(name, 2));
        assertThat(td.locations().cpuArchitecture()).isEqualTo(at(name, 72));
        assertThat(td.locations().operatingSystemFamily()).isEqualTo(at(name, 73));
        assertThat(td.locations().executionRoleArn()).isEqualTo(at(name, 47));

        ContainerDefinition api = td.containers().get(0);
        assertThat(td.containers()).hasSize(1);
        assertThat(api.name()).isEqualTo("orders-api");
        assertThat(api.image()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:2024.06.1");
        assertThat(api.essential()).isTrue();
        assertThat(api.entryPoint()).containsExactly("java", "-jar", "/app/orders-api.jar");
        assertThat(api.command()).isNull();
        assertThat(api.workingDirectory()).isEqualTo("/app");
        assertThat(api.environment()).containsOnlyKeys("PATH");
        assertThat(api.location()).isEqualTo(at(name, 5));
        assertThat(api.logConfiguration().logDriver()).isEqualTo("awslogs");
        assertThat(api.logConfiguration().option("awslogs-stream-prefix")).isEqualTo("ecs");
        assertThat(api.logConfiguration().option("awslogs-create-group")).isNull();
        assertThat(api.logConfiguration().location()).isEqualTo(at(name, 33));
    }

    @Test
    void readsTheUnwrappedDescribeOutput() throws Exception {
        // aws ecs describe-task-definition --query taskDefinition: the register shape plus revision
        Path file = write(
                "unwrapped.json",
                new ObjectMapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(new ObjectMapper()
                                .readTree(fixture("describe-arm64.json").toFile())
                                .get("taskDefinition")));
        TaskDefinition td = TaskDefinitionJsonReader.read(file, "unwrapped.json");

        assertThat(td.revision()).isEqualTo(3);
        assertThat(td.cpuArchitecture()).isEqualTo("ARM64");
        assertThat(td.locations().resource()).isEqualTo(at("unwrapped.json", 1));
        assertThat(td.containers()).extracting(ContainerDefinition::name).containsExactly("orders-api");
    }

    @Test
    void readsAnEc2TaskDefinitionWithAnArchitecturePlacementConstraint() throws Exception {
        String name = "ec2-placement-constraint.json";
        TaskDefinition td = TaskDefinitionJsonReader.read(fixture(name), name);

        assertThat(td.family()).isEqualTo("batch-worker");
        assertThat(td.requiresCompatibilities()).containsExactly("EC2");
        assertThat(td.requiresFargate()).isFalse();
        assertThat(td.cpuArchitecture()).isNull();
        assertThat(td.executionRoleArn()).isNull();
        assertThat(td.placementConstraints())
                .containsExactly(new PlacementConstraint("memberOf", "attribute:ecs.cpu-architecture == arm64"));
        assertThat(td.locations().executionRoleArn()).isEqualTo(at(name, 1));
        assertThat(td.locations().cpuArchitecture()).isEqualTo(at(name, 1));

        ContainerDefinition worker = td.containers().get(0);
        assertThat(worker.name()).isEqualTo("worker");
        assertThat(worker.essential()).as("absent essential is true, as in ECS").isTrue();
        assertThat(worker.entryPoint()).isNull();
        assertThat(worker.command()).containsExactly("--queue", "jobs");
        assertThat(worker.logConfiguration()).isNull();
        assertThat(worker.location()).isEqualTo(at(name, 12));
    }

    @Test
    void aRuntimePlatformWithoutCpuArchitectureIsLocatedAtRuntimePlatform() throws Exception {
        Path file = write("win.json", """
                {
                  "family": "win",
                  "requiresCompatibilities": ["FARGATE"],
                  "runtimePlatform": {
                    "operatingSystemFamily": "WINDOWS_SERVER_2022_CORE"
                  },
                  "containerDefinitions": [
                    {"name": "iis", "image": "mcr.microsoft.com/windows/servercore/iis"}
                  ]
                }
                """);
        TaskDefinition td = TaskDefinitionJsonReader.read(file, "win.json");

        assertThat(td.cpuArchitecture()).isNull();
        assertThat(td.operatingSystemFamily()).isEqualTo("WINDOWS_SERVER_2022_CORE");
        assertThat(td.locations().cpuArchitecture()).isEqualTo(at("win.json", 4));
        assertThat(td.locations().operatingSystemFamily()).isEqualTo(at("win.json", 5));
        assertThat(td.locations().executionRoleArn()).isEqualTo(at("win.json", 1));
        assertThat(td.containers().get(0).location()).isEqualTo(at("win.json", 8));
    }

    @Test
    void aContainerWithoutImageIsAllowed() throws Exception {
        Path file = write("noimage.json", """
                {"containerDefinitions": [{"name": "app", "essential": false, "image": null}]}
                """);
        TaskDefinition td = TaskDefinitionJsonReader.read(file, "noimage.json");

        assertThat(td.family()).isNull();
        assertThat(td.requiresCompatibilities()).isEmpty();
        assertThat(td.containers().get(0).image()).isNull();
        assertThat(td.containers().get(0).essential()).isFalse();
    }

    @Test
    void aJsonThatIsNoTaskDefinitionIsRejected() {
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(fixture("describe-services.json"), "services.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition services.json: no ECS task definition found "
                        + "(expected containerDefinitions or a taskDefinition object)");
    }

    @Test
    void aTopLevelArrayIsNoTaskDefinition() throws Exception {
        Path file = write("containers.json", "[{\"name\": \"app\", \"image\": \"x\"}]");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(file, "containers.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("no ECS task definition found");
    }

    @Test
    void recognisesBothShapes() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertThat(TaskDefinitionJsonReader.looksLikeTaskDefinition(mapper.readTree("{\"containerDefinitions\": []}")))
                .isTrue();
        assertThat(TaskDefinitionJsonReader.looksLikeTaskDefinition(mapper.readTree("{\"taskDefinition\": {}}")))
                .isTrue();
        assertThat(TaskDefinitionJsonReader.looksLikeTaskDefinition(
                        mapper.readTree("{\"taskDefinition\": \"arn:aws:ecs:eu-west-1:1:task-definition/a:1\"}")))
                .isFalse();
        assertThat(TaskDefinitionJsonReader.looksLikeTaskDefinition(mapper.readTree("[]")))
                .isFalse();
        assertThat(TaskDefinitionJsonReader.looksLikeTaskDefinition(
                        mapper.readTree("{\"Resources\": {\"T\": {\"Type\": \"AWS::ECS::TaskDefinition\"}}}")))
                .isFalse();
        assertThat(TaskDefinitionJsonReader.looksLikeTaskDefinition(null)).isFalse();
    }

    @Test
    void anEntryPointStringIsAOneLineErrorWithFileLineAndField() {
        assertThatThrownBy(() ->
                        TaskDefinitionJsonReader.read(fixture("entrypoint-string.json"), "entrypoint-string.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition entrypoint-string.json:7: containerDefinitions[0].entryPoint "
                        + "must be an array of strings, found a string");
    }

    @Test
    void anEntryPointElementOfTheWrongTypeIsNamed() throws Exception {
        Path file = write(
                "num.json",
                "{\"taskDefinition\": {\"containerDefinitions\": [\n"
                        + "  {\"name\": \"a\",\n   \"command\": [\"run\",\n     8080]}]}}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(file, "num.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition num.json:4: taskDefinition.containerDefinitions[0].command "
                        + "must be an array of strings, found a number at index 1");
    }

    @Test
    void containerDefinitionsMustBeAnArray() throws Exception {
        Path file = write("obj.json", "{\n  \"family\": \"x\",\n  \"containerDefinitions\": {\"name\": \"a\"}\n}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(file, "obj.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition obj.json:3: containerDefinitions must be an array of container "
                        + "definitions, found an object");
    }

    @Test
    void aContainerWithoutNameIsRejectedAtItsLine() throws Exception {
        Path file = write(
                "noname.json",
                "{\n  \"containerDefinitions\": [\n    {\"name\": \"a\"},\n"
                        + "    {\n      \"image\": \"b\"\n    }\n  ]\n}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(file, "noname.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition noname.json:4: containerDefinitions[1] has no name");
    }

    @Test
    void aWrapperWithoutContainerDefinitionsIsRejected() throws Exception {
        Path file = write("nocontainers.json", "{\n  \"taskDefinition\": {\n    \"family\": \"x\"\n  }\n}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(file, "nocontainers.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition nocontainers.json:2: the task definition has no containerDefinitions");
    }

    @Test
    void emptyContainerDefinitionsAreRejected() throws Exception {
        Path file = write("empty.json", "{\"family\": \"x\",\n \"containerDefinitions\": []}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(file, "empty.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition empty.json:2: containerDefinitions is empty");
    }

    @Test
    void aWrongEnvironmentValueTypeIsReportedWithoutTheValue() throws Exception {
        Path file = write(
                "env.json",
                "{\"containerDefinitions\": [{\"name\": \"a\", \"environment\": [\n"
                        + "  {\"name\": \"TOKEN\", \"value\": {\"secret\": \"tok-123\"}}]}]}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(file, "env.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition env.json:2: containerDefinitions[0].environment[0].value must be a string")
                .hasMessageNotContaining("tok-123");
    }

    @Test
    void wrongScalarTypesAreNamed() throws Exception {
        Path rp = write("rp.json", "{\"runtimePlatform\": \"ARM64\", \"containerDefinitions\": [{\"name\": \"a\"}]}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(rp, "rp.json"))
                .hasMessage("taskDefinition rp.json:1: runtimePlatform must be an object, found a string");

        Path ess = write("ess.json", "{\"containerDefinitions\": [{\"name\": \"a\",\n \"essential\": 1}]}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(ess, "ess.json"))
                .hasMessage("taskDefinition ess.json:2: containerDefinitions[0].essential must be true or false, "
                        + "found a number");

        Path rev = write("rev.json", "{\"revision\": \"three\", \"containerDefinitions\": [{\"name\": \"a\"}]}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(rev, "rev.json"))
                .hasMessage("taskDefinition rev.json:1: revision must be an integer, found a string");
    }

    @Test
    void readsAContainerDefinitionsArrayOnItsOwn() throws Exception {
        Path file = write("containers.json", "[\n  {\"name\": \"app\", \"image\": \"x\"},\n  {\"name\": \"b\"}\n]");
        LocatedJson json = LocatedJson.parse(file, "containers.json");
        List<ContainerDefinition> containers =
                TaskDefinitionJsonReader.readContainerDefinitions(json, com.fasterxml.jackson.core.JsonPointer.empty());
        assertThat(containers).extracting(ContainerDefinition::name).containsExactly("app", "b");
        assertThat(containers).extracting(c -> c.location().line()).containsExactly(2, 3);
    }

    @Test
    void syntaxErrorsSurfaceThroughTheReader() {
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(fixture("syntax-error.json"), "syntax-error.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition syntax-error.json: JSON syntax error at line 8, column 5")
                .hasMessageNotContaining("\n");
    }

    @Test
    void readsTheUserTheHealthCheckAndTheMemoryLimitsAsTheEcsApiShapesThem() throws Exception {
        Path file = write("runtime.json", """
                {
                  "family": "app",
                  "memory": "1 GB",
                  "containerDefinitions": [
                    {
                      "name": "app",
                      "image": "my-service:1.0",
                      "user": "appuser:appgroup",
                      "memory": 768,
                      "memoryReservation": 512,
                      "healthCheck": {
                        "command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"],
                        "interval": 30
                      }
                    }
                  ]
                }
                """);

        io.github.ecspreflight.ecs.TaskDefinition task = TaskDefinitionJsonReader.read(file, "runtime.json");
        io.github.ecspreflight.ecs.ContainerRuntime runtime =
                task.containers().get(0).runtime();

        assertThat(task.memoryMiB()).isEqualTo(1024);
        assertThat(runtime.user()).isEqualTo("appuser:appgroup");
        assertThat(runtime.userAt().line()).isEqualTo(8);
        assertThat(runtime.healthCheck())
                .containsExactly("CMD-SHELL", "curl -f http://localhost:8080/health || exit 1");
        assertThat(runtime.healthCheckAt().line()).isEqualTo(11);
        assertThat(runtime.memory()).isEqualTo(768);
        assertThat(runtime.memoryReservation()).isEqualTo(512);
        assertThat(runtime.memoryAt().line()).isEqualTo(9);
    }

    @Test
    void readsWhatEcsPreparesForAContainerSecretsByTheirReferenceOnly() throws Exception {
        TaskDefinition td = TaskDefinitionJsonReader.read(fixture("secrets-task.json"), "secrets-task.json");

        assertThat(td.cpu()).isEqualTo("256");
        assertThat(td.cpuUnits()).isEqualTo(256);
        assertThat(td.networkMode()).isEqualTo("awsvpc");
        ContainerStartup app = td.containers().get(0).startup();
        assertThat(app.cpu()).isEqualTo(128);
        assertThat(app.portMappings()).containsExactly(new ContainerStartup.PortMapping(8080, null));
        assertThat(app.dependsOn()).containsExactly(new ContainerStartup.Dependency("log-router", "START"));
        assertThat(app.secrets())
                .extracting(ContainerStartup.Secret::name)
                .containsExactly("DB_PASSWORD", "API_KEY", "FEATURE_FLAGS");
        assertThat(app.secrets().get(1).valueFrom()).isEqualTo("/orders/api-key");
        assertThat(app.environmentFiles()).containsExactly("arn:aws:s3:::orders-config/app.env");
        assertThat(app.repositoryCredentials())
                .isEqualTo("arn:aws:secretsmanager:eu-west-1:123456789012:secret:registry/example-AbCdEf");
        assertThat(td.containers().get(1).startup()).isEqualTo(ContainerStartup.NONE);
    }

    @Test
    void cpuAndMemoryAreReadAsTheApiReadsThem() {
        TaskDefinition vcpu = new TaskDefinition(
                "t",
                "f",
                null,
                null,
                null,
                List.of("FARGATE"),
                null,
                List.of(),
                List.of(),
                TaskDefinition.Locations.of(at("t", 1)),
                TaskDefinition.Format.ECS_JSON,
                "2 GB",
                "0.25 vCPU",
                null);
        assertThat(vcpu.cpuUnits()).isEqualTo(256);
        assertThat(vcpu.memoryMiB()).isEqualTo(2048);
        assertThat(vcpu.effectiveNetworkMode()).isEqualTo("awsvpc");
        TaskDefinition unknown = new TaskDefinition(
                "t",
                "f",
                null,
                null,
                null,
                List.of(),
                null,
                List.of(),
                List.of(),
                TaskDefinition.Locations.of(at("t", 1)),
                TaskDefinition.Format.ECS_JSON,
                "${var.memory}",
                "large",
                null);
        assertThat(unknown.memoryMiB()).isNull();
        assertThat(unknown.cpuUnits()).isNull();
        assertThat(unknown.effectiveNetworkMode()).isEqualTo("bridge");
    }

    @Test
    void aStartupListThatIsNoArrayIsOneLineNamingIt() throws Exception {
        Path file = write(
                "bad.json",
                "{\"family\": \"x\", \"containerDefinitions\": [{\"name\": \"app\", \"secrets\": {\"name\": \"A\"}}]}");
        assertThatThrownBy(() -> TaskDefinitionJsonReader.read(file, "bad.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "taskDefinition bad.json:1: containerDefinitions[0].secrets must be an array of {name, valueFrom} objects, "
                                + "found an object");
    }
}
