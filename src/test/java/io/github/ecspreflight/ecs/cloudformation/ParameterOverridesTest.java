package io.github.ecspreflight.ecs.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.ContainerSelector;
import io.github.ecspreflight.ecs.TaskDefinition;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code variables} as CloudFormation's {@code --parameter-overrides}, as AWS Copilot's templates need them. */
class ParameterOverridesTest {

    // the shape of a Copilot service template: the main container is named by a parameter with no default
    private static final String TEMPLATE = """
            Parameters:
              WorkloadName:
                Type: String
              ContainerImage:
                Type: String
              Arch:
                Type: String
                Default: X86_64
            Resources:
              TaskDefinition:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  Family: !Sub '${AWS::StackName}-${WorkloadName}'
                  RequiresCompatibilities: [FARGATE]
                  RuntimePlatform:
                    CpuArchitecture: !Ref Arch
                  ContainerDefinitions:
                    - Name: !Ref WorkloadName
                      Image: !Ref ContainerImage
                      Essential: true
                    - Name: firelens_log_router
                      Image: public.ecr.aws/aws-observability/aws-for-fluent-bit:stable
                      Essential: true
            """;

    private static TaskDefinition read(Map<String, String> overrides) throws PreflightException {
        LocatedJson json = LocatedJson.parse(
                TEMPLATE.getBytes(StandardCharsets.UTF_8),
                "copilot/api.yml",
                LocatedJson.Syntax.YAML,
                LocatedJson.TagHandler.CLOUDFORMATION);
        return CloudFormationReader.read(json, null, overrides)
                .candidates()
                .get(0)
                .taskDefinition();
    }

    @Test
    void aParameterWithoutDefaultStaysUnknownAndTheContainerCannotBeNamedByMaven() throws Exception {
        TaskDefinition task = read(Map.of());

        assertThat(task.containers().get(0).name()).isEqualTo("${WorkloadName}");
        assertThatThrownBy(() -> ContainerSelector.select(task, null, "app"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("a name such as ${WorkloadName} comes from an input of the deployment: give it "
                        + "with -DecsPreflight.variables=WorkloadName=NAME");
    }

    @Test
    void overridesGiveParametersTheirDeployedValues() throws Exception {
        TaskDefinition task = read(Map.of(
                "WorkloadName", "api",
                "ContainerImage", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0",
                "Arch", "ARM64"));

        assertThat(task.containers().get(0).name()).isEqualTo("api");
        assertThat(task.containers().get(0).image()).isEqualTo("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.0");
        assertThat(task.cpuArchitecture()).isEqualTo("ARM64");
        assertThat(ContainerSelector.select(task, null, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app")
                        .name())
                .isEqualTo("api");
    }

    @Test
    void anOverrideOfNoParameterIsRefusedAsCloudFormationWould() {
        assertThatThrownBy(() -> read(Map.of("Workload", "api")))
                .isInstanceOf(PreflightException.class)
                .hasMessage("variables Workload: copilot/api.yml declares no such parameter (its Parameters: "
                        + "WorkloadName, ContainerImage, Arch)");
    }
}
