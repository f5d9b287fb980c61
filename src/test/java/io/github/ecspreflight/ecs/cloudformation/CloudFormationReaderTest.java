package io.github.ecspreflight.ecs.cloudformation;

import static io.github.ecspreflight.ecs.cloudformation.CloudFormationFixtures.line;
import static io.github.ecspreflight.ecs.cloudformation.CloudFormationFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerStartup;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskDefinitionChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a template's task definition reads as: intrinsic functions, short-form tags, locations and bad input. */
class CloudFormationReaderTest {

    @TempDir
    Path dir;

    private static final String FUNCTIONS = """
            Parameters:
              Stage: {Type: String, Default: prod}
              Tag: {Type: Number, Default: 7}
              Entry: {Type: CommaDelimitedList, Default: '/app/run, --port, 8080'}
            Mappings:
              Stages:
                prod: {Group: /ecs/prod, Directory: /srv}
            Conditions:
              IsProd: !Equals [!Ref Stage, prod]
              IsDev: !Not [!Condition IsProd]
              ProdOrLondon: !Or [!Condition IsProd, !Equals [!Ref 'AWS::Region', eu-west-2]]
              DevOrLondon: !Or [!Condition IsDev, !Equals [!Ref 'AWS::Region', eu-west-2]]
              DevAndLondon: !And [!Condition IsDev, !Equals [!Ref 'AWS::Region', eu-west-2]]
            Resources:
              TaskDef:
                Type: AWS::ECS::TaskDefinition
                Properties:
                  Family: !Join ['-', [my-service, !Ref Stage, !Select [1, !Split [',', 'a,b,c']]]]
                  RequiresCompatibilities: [!If [IsProd, FARGATE, EC2]]
                  RuntimePlatform:
                    CpuArchitecture: !If [DevOrLondon, ARM64, X86_64]
                    OperatingSystemFamily: !If [DevAndLondon, WINDOWS_SERVER_2022_CORE, LINUX]
                  ExecutionRoleArn: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Stage}-execution'
                  ContainerDefinitions:
                    - Name: app
                      Image: !Sub
                        - '${Registry}/my-service:${Tag}'
                        - Registry: !Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com'
                      Essential: !If [ProdOrLondon, true, false]
                      EntryPoint: !Ref Entry
                      Command: [!Base64 hello, !If [IsDev, --debug, !Ref 'AWS::NoValue'], !Sub '${!NotAVariable}']
                      WorkingDirectory: !FindInMap [Stages, !Ref Stage, Directory]
                      Environment:
                        - {Name: STAGE, Value: !Ref Stage}
                        - {Name: REGION, Value: !Ref 'AWS::Region'}
                        - !If [IsDev, {Name: DEBUG, Value: '1'}, !Ref 'AWS::NoValue']
                      LogConfiguration:
                        LogDriver: awslogs
                        Options:
                          awslogs-group: !FindInMap [Stages, !Ref Stage, Group]
                          awslogs-region: !ImportValue logs-region
                          awslogs-stream-prefix: !GetAtt [Naming, Prefix]
                    - Name: sidecar
                      Image: !If [IsProd, 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable', !Ref 'AWS::NoValue']
                      Essential: !If [DevOrLondon, true, false]
            """;

    @Test
    void shortFormTagsAreEvaluatedFromParameterDefaultsAndMappings() throws Exception {
        Candidate task = write(dir, "functions.yaml", FUNCTIONS);

        assertThat(task.taskDefinition().format()).isEqualTo(TaskDefinition.Format.CLOUDFORMATION);
        assertThat(task.taskDefinition().source()).isEqualTo("functions.yaml");
        assertThat(task.taskDefinition().family()).isEqualTo("my-service-prod-b");
        assertThat(task.taskDefinition().requiresCompatibilities()).containsExactly("FARGATE");
        // Fn::Or with a true operand is true whatever the region; Fn::And with a false one false
        ContainerDefinition app = task.taskDefinition().containers().get(0);
        assertThat(app.essential()).isTrue();
        assertThat(task.taskDefinition().operatingSystemFamily()).isEqualTo("LINUX");
        assertThat(app.entryPoint()).containsExactly("/app/run", "--port", "8080");
        assertThat(app.command()).containsExactly("aGVsbG8=", "${NotAVariable}");
        assertThat(app.workingDirectory()).isEqualTo("/srv");
        assertThat(app.environment()).containsOnlyKeys("STAGE", "REGION").containsEntry("STAGE", "prod");
        assertThat(app.logConfiguration().logDriver()).isEqualTo("awslogs");
        assertThat(app.logConfiguration().option("awslogs-group")).isEqualTo("/ecs/prod");
        assertThat(task.taskDefinition().containers().get(1).image())
                .isEqualTo("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable");
    }

    @Test
    void whatOnlyADeploymentKnowsStaysUnknownAsAnExpression() throws Exception {
        Candidate task = write(dir, "functions.yaml", FUNCTIONS);
        ContainerDefinition app = task.taskDefinition().containers().get(0);

        assertThat(task.taskDefinition().cpuArchitecture()).isEqualTo("${Fn::If:DevOrLondon}");
        assertThat(task.taskDefinition().executionRoleArn())
                .isEqualTo("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/prod-execution");
        assertThat(app.image()).isEqualTo("${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/my-service:7");
        assertThat(app.environment()).containsEntry("REGION", "${AWS::Region}");
        assertThat(app.logConfiguration().option("awslogs-region")).isEqualTo("${ImportValue:logs-region}");
        assertThat(app.logConfiguration().option("awslogs-stream-prefix")).isEqualTo("${Naming.Prefix}");
        // an Essential only a deployment decides counts as not essential: no logging finding is invented for it
        assertThat(task.taskDefinition().containers().get(1).essential()).isFalse();
        assertThat(List.of(
                        task.taskDefinition().cpuArchitecture(),
                        task.taskDefinition().executionRoleArn(),
                        app.image()))
                .allMatch(TaskDefinition::isUnknown);
        assertThat(task.deployment().executionRole()).isNull();
    }

    @Test
    void unknownObjectsAreUnknownInEveryValueTheChecksRead() throws Exception {
        Candidate task = write(dir, "unknown-objects.yaml", """
                Parameters:
                  Arm: {Type: String}
                Conditions:
                  IsArm: !Equals [!Ref Arm, 'true']
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      RequiresCompatibilities: !Split [',', !ImportValue compatibilities]
                      RuntimePlatform: !If [IsArm, {CpuArchitecture: ARM64}, !Ref 'AWS::NoValue']
                      ContainerDefinitions:
                        - Name: app
                          Image: my-service:1.0
                          EntryPoint: !Ref Arm
                          Environment:
                            - {Name: JAVA_OPTS, Value: -Xmx512m}
                            - !If [IsArm, {Name: PATH, Value: /opt/arm/bin}, !Ref 'AWS::NoValue']
                          LogConfiguration:
                            LogDriver: awslogs
                            Options: !If [IsArm, {awslogs-group: a}, {awslogs-group: b}]
                """);

        assertThat(task.taskDefinition().requiresCompatibilities()).containsExactly("${Fn::Split}");
        assertThat(task.taskDefinition().cpuArchitecture()).isEqualTo("${Fn::If:IsArm}");
        assertThat(task.taskDefinition().locations().cpuArchitecture())
                .isEqualTo(line(dir, "unknown-objects.yaml", 10, "RuntimePlatform:"));
        ContainerDefinition app = task.taskDefinition().containers().get(0);
        assertThat(app.entryPoint()).containsExactly("${Arm}");
        // an entry a deployment decides may set PATH: PATH is unknown, never the image's
        assertThat(app.environment()).isEqualTo(Map.of("JAVA_OPTS", "-Xmx512m", "PATH", "${Fn::If:IsArm}"));
        assertThat(app.logConfiguration().options())
                .isEqualTo(Map.of(
                        "awslogs-group",
                        "${Fn::If:IsArm}",
                        "awslogs-region",
                        "${Fn::If:IsArm}",
                        "awslogs-stream-prefix",
                        "${Fn::If:IsArm}"));
    }

    @Test
    void everyLocationIsTheLineToEdit() throws Exception {
        Candidate task = write(dir, "locations.yaml", """
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties: {}
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      RuntimePlatform:
                        OperatingSystemFamily: LINUX
                      ExecutionRoleArn: !GetAtt Role.Arn
                      ContainerDefinitions:
                        - Name: app
                          Image: my-service:1.0
                        -
                          Name: envoy
                          Image: envoyproxy/envoy:v1.30
                          LogConfiguration:
                            LogDriver: awslogs
                """);

        TaskDefinition.Locations locations = task.taskDefinition().locations();
        assertThat(locations.resource()).isEqualTo(line(dir, "locations.yaml", 5, "TaskDef:"));
        assertThat(locations.cpuArchitecture()).isEqualTo(line(dir, "locations.yaml", 8, "RuntimePlatform:"));
        assertThat(locations.operatingSystemFamily())
                .isEqualTo(line(dir, "locations.yaml", 9, "OperatingSystemFamily"));
        assertThat(locations.executionRoleArn()).isEqualTo(line(dir, "locations.yaml", 10, "ExecutionRoleArn"));
        // a bare "-" on a line of its own: YAML starts the item's mapping at its first key
        assertThat(task.taskDefinition().containers())
                .extracting(ContainerDefinition::location)
                .containsExactly(
                        line(dir, "locations.yaml", 12, "- Name: app"), line(dir, "locations.yaml", 15, "Name: envoy"));
        assertThat(task.taskDefinition().containers().get(0).logConfiguration()).isNull();
        assertThat(task.taskDefinition().containers().get(1).logConfiguration().location())
                .isEqualTo(line(dir, "locations.yaml", 17, "LogConfiguration:"));
        assertThat(task.deployment().executionRole().location()).isEqualTo(line(dir, "locations.yaml", 2, "Role:"));
    }

    @Test
    void withoutRuntimePlatformTheArchitectureLineIsTheLogicalIds() throws Exception {
        Candidate task = write(dir, "plain.json", """
                {
                  "Resources": {
                    "TaskDef": {
                      "Type": "AWS::ECS::TaskDefinition",
                      "Properties": {
                        "RequiresCompatibilities": ["FARGATE"],
                        "ContainerDefinitions": [
                          {"Name": "app", "Image": "my-service:1.0"}
                        ]
                      }
                    }
                  }
                }
                """);

        SourceLocation resource = line(dir, "plain.json", 3, "\"TaskDef\"");
        assertThat(task.taskDefinition().locations().cpuArchitecture()).isEqualTo(resource);
        assertThat(task.taskDefinition().locations().executionRoleArn()).isEqualTo(resource);
        assertThat(task.taskDefinition().cpuArchitecture()).isNull();
        assertThat(task.taskDefinition().executionRoleArn()).isNull();
        assertThat(task.taskDefinition().containers().get(0).location())
                .isEqualTo(line(dir, "plain.json", 8, "{\"Name\": \"app\""));
    }

    // a CDK cloud assembly

    private Path cdkOut() throws Exception {
        Path cdkOut = Files.createDirectories(dir.resolve("cdk.out"));
        Files.writeString(cdkOut.resolve("manifest.json"), "{\"version\": \"36.0.0\", \"artifacts\": {}}");
        Files.writeString(cdkOut.resolve("tree.json"), "{}");
        Files.copy(
                CloudFormationFixtures.directory().resolve("cdk.out/MyServiceStack.template.json"),
                cdkOut.resolve("MyServiceStack.template.json"));
        Path stage = Files.createDirectories(cdkOut.resolve("assembly-Prod"));
        Files.copy(
                CloudFormationFixtures.directory().resolve("cdk.out/WorkersStack.template.json"),
                stage.resolve("ProdWorkersStack.template.json"));
        return cdkOut;
    }

    @Test
    void aCdkCloudAssemblyIsReadWithTheTemplatesOfItsStacksAndStages() throws Exception {
        Path cdkOut = cdkOut();

        assertThat(CloudFormationReader.isCdkAssembly(cdkOut)).isTrue();
        assertThat(CloudFormationReader.isCdkAssembly(dir)).isFalse();
        TaskDefinition worker = TaskDefinitionChoice.select(
                        CloudFormationReader.readCdkAssembly(cdkOut, "cdk.out", "Worker/TaskDef"), "my-service")
                .taskDefinition();
        assertThat(worker.source()).isEqualTo("cdk.out/assembly-Prod/ProdWorkersStack.template.json");
        assertThat(worker.cpuArchitecture()).isEqualTo("ARM64");
        assertThat(worker.locations().cpuArchitecture().file()).isEqualTo(worker.source());
        assertThat(TaskDefinitionChoice.select(
                                CloudFormationReader.readCdkAssembly(cdkOut, "cdk.out", "MyServiceStack/TaskDef"),
                                "my-service")
                        .taskDefinition()
                        .family())
                .isEqualTo("MyServiceStackTaskDef54694570");
    }

    @Test
    void aCdkCloudAssemblyWithSeveralTaskDefinitionsForTheImageListsThemWithTheirConstructPaths() throws Exception {
        Path cdkOut = cdkOut();

        assertThatThrownBy(() -> TaskDefinitionChoice.select(
                        CloudFormationReader.readCdkAssembly(cdkOut, "cdk.out", null), "my-service"))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "taskDefinition cdk.out: holds 3 task definitions; name one with "
                                + "ecsPreflight.taskDefinitionResource: TaskDef54694570 (MyServiceStack/TaskDef), "
                                + "ApiTaskDef0B4E2F7C (WorkersStack/Api/TaskDef), WorkerTaskDefD2A1B3C4 (WorkersStack/Worker/TaskDef)");
    }

    // bad input

    @Test
    void aTemplateWithoutATaskDefinitionSaysSoInOneLine() {
        assertThatThrownBy(() -> write(dir, "bucket.yaml", """
                AWSTemplateFormatVersion: '2010-09-09'
                Resources:
                  Bucket:
                    Type: AWS::S3::Bucket
                  Queue:
                    Type: AWS::SQS::Queue
                """))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition bucket.yaml: the CloudFormation template has no AWS::ECS::TaskDefinition "
                        + "resource; it defines AWS::S3::Bucket, AWS::SQS::Queue");
    }

    @Test
    void aYamlSyntaxErrorNamesTheFileAndLine() {
        assertThatThrownBy(() -> write(dir, "broken.yaml", """
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions: [{Name: app, Image: !Sub '${Repo}:1.0'
                """))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition broken.yaml: YAML syntax error at line ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void containerDefinitionsOnlyADeploymentKnowsAreAnError() {
        assertThatThrownBy(() -> write(dir, "containers.yaml", """
                Parameters:
                  Containers: {Type: String}
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions: !Ref Containers
                """))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition containers.yaml:7: Resources.TaskDef.Properties.ContainerDefinitions is "
                        + "${Containers}, which is known only once deployed; give the parameters it depends on a Default, "
                        + "or name a template whose containers are written out");
    }

    @Test
    void aConditionTheTemplateDoesNotDefineIsAnErrorAtItsUse() {
        assertThatThrownBy(() -> write(dir, "condition.yaml", """
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      RuntimePlatform:
                        CpuArchitecture: !If [IsArm, ARM64, X86_64]
                      ContainerDefinitions:
                        - {Name: app, Image: my-service:1.0}
                """))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "taskDefinition condition.yaml:6: condition 'IsArm' is not defined in the template's Conditions");
    }

    @Test
    void aContainerWithoutNameOrAWrongTypeIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> write(dir, "noname.yaml", """
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions:
                        - Image: my-service:1.0
                """))
                .isInstanceOf(PreflightException.class)
                .hasMessage(
                        "taskDefinition noname.yaml:6: Resources.TaskDef.Properties.ContainerDefinitions[0] has no Name");
        assertThatThrownBy(() -> write(dir, "object.yaml", """
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions:
                        - Name: app
                          Image: {Repository: my-service}
                """))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition object.yaml:7: Resources.TaskDef.Properties.ContainerDefinitions[0].Image "
                        + "must be a string, found an object");
    }

    @Test
    void aTaskDefinitionWhoseConditionIsFalseIsStillReadWhenItIsTheOnlyOne() throws Exception {
        Candidate task = write(dir, "conditional.yaml", """
                Parameters:
                  Enabled: {Type: String, Default: 'no'}
                Conditions:
                  IsEnabled: !Equals [!Ref Enabled, 'yes']
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Condition: IsEnabled
                    Properties:
                      ContainerDefinitions:
                        - {Name: app, Image: my-service:1.0}
                """);

        assertThat(task.taskDefinition().containers())
                .extracting(ContainerDefinition::name)
                .containsExactly("app");
    }

    @Test
    void aMappingThatLooksItselfUpIsAOneLineErrorNotAStackOverflow() {
        assertThatThrownBy(() -> write(dir, "loop.yaml", """
                        Mappings:
                          Arch:
                            Prod:
                              Cpu: !FindInMap [Arch, Prod, Cpu]
                        Resources:
                          TaskDef:
                            Type: AWS::ECS::TaskDefinition
                            Properties:
                              RuntimePlatform: {CpuArchitecture: !FindInMap [Arch, Prod, Cpu]}
                              ContainerDefinitions:
                                - {Name: app, Image: my-service:1.0}
                        """))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("loop.yaml:4")
                .hasMessageContaining("refers back to itself");
    }

    @Test
    void whatEcsPreparesForAContainerIsReadAndAnUnknownListInventsNothing() throws Exception {
        Candidate task = write(dir, "startup.yaml", """
                Parameters:
                  DbSecret: {Type: String}
                Resources:
                  TaskDefinition:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      RequiresCompatibilities: [FARGATE]
                      NetworkMode: awsvpc
                      Cpu: 512
                      Memory: '1 GB'
                      ContainerDefinitions:
                        - Name: app
                          Image: registry.example.com/orders/app:1.0
                          Cpu: 256
                          RepositoryCredentials:
                            CredentialsParameter: !Sub 'arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:registry'
                          PortMappings:
                            - {ContainerPort: 8080, HostPort: 8080}
                          DependsOn:
                            - {ContainerName: envoy, Condition: HEALTHY}
                          Secrets:
                            - {Name: DB_PASSWORD, ValueFrom: !Ref DbSecret}
                            - {Name: API_KEY, ValueFrom: /orders/api-key}
                          EnvironmentFiles:
                            - {Value: 'arn:aws:s3:::orders-config/app.env', Type: s3}
                        - Name: envoy
                          Image: public.ecr.aws/appmesh/aws-appmesh-envoy:v1.27.3.0-prod
                          PortMappings: !If [Never, [], !Ref 'AWS::NoValue']
                Conditions:
                  Never: !Equals [a, b]
                """);

        TaskDefinition td = task.taskDefinition();
        assertThat(td.cpuUnits()).isEqualTo(512);
        assertThat(td.memoryMiB()).isEqualTo(1024);
        assertThat(td.networkMode()).isEqualTo("awsvpc");
        ContainerStartup app = td.containers().get(0).startup();
        assertThat(app.cpu()).isEqualTo(256);
        assertThat(app.portMappings()).containsExactly(new ContainerStartup.PortMapping(8080, 8080));
        assertThat(app.dependsOn()).containsExactly(new ContainerStartup.Dependency("envoy", "HEALTHY"));
        assertThat(app.secrets())
                .extracting(ContainerStartup.Secret::valueFrom)
                .containsExactly("${DbSecret}", "/orders/api-key");
        assertThat(app.environmentFiles()).containsExactly("arn:aws:s3:::orders-config/app.env");
        assertThat(app.repositoryCredentials())
                .startsWith("arn:aws:secretsmanager:")
                .endsWith(":secret:registry");
        assertThat(td.containers().get(1).startup().portMappings()).isEmpty();
    }
}
