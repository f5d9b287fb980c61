package io.github.ecspreflight.decode;

import static io.github.ecspreflight.ecs.TestFiles.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocatedJsonTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aYamlTagThatCannotReadItsValueNeverEchoesIt() throws Exception {
        Path file = dir.resolve("tagged.yaml");
        Files.writeString(file, """
                Resources:
                  TaskDef:
                    Type: AWS::ECS::TaskDefinition
                    Properties:
                      ContainerDefinitions:
                        - Name: app
                          Environment:
                            - {Name: DB_PASSWORD, Value: !!float hunter2-s3cr3t}
                """);

        assertThatThrownBy(() -> LocatedJson.parseYaml(file, "tagged.yaml", LocatedJson.TagHandler.CLOUDFORMATION))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition tagged.yaml")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // a safety net: reading a FIFO would block for ever
    void aFifoWhereATaskDefinitionShouldBeIsRefusedNotRead() throws Exception {
        Path fifo = io.github.ecspreflight.TestResources.fifo(dir.resolve("task.json"));

        assertThatThrownBy(() -> LocatedJson.parse(fifo, "task.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition task.json: not a regular file");
    }

    @Test
    void aDocumentInsideALargerFileIsLocatedFromItsFirstLine() throws Exception {
        byte[] heredoc =
                "[\n  {\n    \"name\": \"app\",\n    \"essential\": true\n  }\n]".getBytes(StandardCharsets.UTF_8);

        LocatedJson json =
                LocatedJson.parse(heredoc, "infra/main.tf", LocatedJson.Syntax.JSON, LocatedJson.TagHandler.IGNORE, 12);

        assertThat(json.locate(JsonPointer.empty())).isEqualTo(new SourceLocation("infra/main.tf", 12));
        assertThat(json.locate(JsonPointer.compile("/0"))).isEqualTo(new SourceLocation("infra/main.tf", 13));
        assertThat(json.locate(JsonPointer.compile("/0/essential"))).isEqualTo(new SourceLocation("infra/main.tf", 15));
    }

    @Test
    void aSyntaxErrorInsideALargerFileNamesTheLineOfThatFile() {
        byte[] broken = "[\n  {\n    \"name\": \"app\",\n  }\n]".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> LocatedJson.parse(
                        broken, "infra/main.tf", LocatedJson.Syntax.JSON, LocatedJson.TagHandler.IGNORE, 20))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition infra/main.tf: JSON syntax error at line 23, column 3");
    }

    @Test
    void buildsTheTreeAndLocatesEveryValue() throws Exception {
        LocatedJson json = LocatedJson.parse(fixture("fargate-register-input.json"), "td.json");

        assertThat(json.root().path("family").asText()).isEqualTo("webserver");
        assertThat(json.root().at("/containerDefinitions/1/command/3").asText())
                .isEqualTo("/fluent-bit/etc/fluent-bit.conf");
        assertThat(json.root()
                        .at("/containerDefinitions/0/portMappings/0/containerPort")
                        .intValue())
                .isEqualTo(8080);
        assertThat(json.displayName()).isEqualTo("td.json");

        assertThat(json.locate("")).isEqualTo(new SourceLocation("td.json", 1));
        assertThat(json.locate("/family").line()).isEqualTo(2);
        assertThat(json.locate("/requiresCompatibilities/0").line()).isEqualTo(5);
        assertThat(json.locate("/executionRoleArn").line()).isEqualTo(9);
        assertThat(json.locate("/containerDefinitions").line()).isEqualTo(10);
        assertThat(json.locate("/containerDefinitions/0").line()).isEqualTo(11);
        assertThat(json.locate("/containerDefinitions/0/logConfiguration").line())
                .isEqualTo(32);
        assertThat(json.locate("/containerDefinitions/0/logConfiguration/options/awslogs-create-group")
                        .line())
                .isEqualTo(38);
        assertThat(json.locate("/containerDefinitions/1/command/2").line()).isEqualTo(52);
        assertThat(json.locate("/containerDefinitions/1/memoryReservation").line())
                .isEqualTo(56);
    }

    @Test
    void anAbsentValueIsLocatedAtItsNearestAncestor() throws Exception {
        LocatedJson json = LocatedJson.parse(fixture("fargate-register-input.json"), "td.json");

        assertThat(json.locate("/containerDefinitions/0/logConfiguration/options/mode")
                        .line())
                .isEqualTo(34);
        assertThat(json.locate("/containerDefinitions/1/logConfiguration").line())
                .isEqualTo(42);
        assertThat(json.locate("/runtimePlatform/cpuArchitecture").line()).isEqualTo(1);
        assertThat(json.locate(JsonPointer.compile("/containerDefinitions/7/name"))
                        .line())
                .isEqualTo(10);
        assertThat(json.locateExactly(JsonPointer.compile("/runtimePlatform"))).isNull();
        assertThat(json.locateExactly(JsonPointer.compile("/family"))).isEqualTo(new SourceLocation("td.json", 2));
    }

    @Test
    void aMemberIsLocatedAtItsNameAndItsValueWhereTheValueStarts() throws Exception {
        Path file = write("odd.json", "{\n  \"taskDefinition\":\n\n  {\n    \"family\":\n      \"x\"\n  }\n}\n");
        LocatedJson json = LocatedJson.parse(file, "odd.json");

        assertThat(json.locate("/taskDefinition").line()).isEqualTo(2);
        assertThat(json.locateValue("/taskDefinition").line()).isEqualTo(4);
        assertThat(json.locate("/taskDefinition/family").line()).isEqualTo(5);
        assertThat(json.locateValue("/taskDefinition/family").line()).isEqualTo(6);
        assertThat(json.locateValue("/taskDefinition/missing").line()).isEqualTo(4);
    }

    @Test
    void aRepeatedNameIsLocatedWhereItsLastValueIsWritten() throws Exception {
        Path file = write("twice.json", "{\n  \"family\": \"a\",\n  \"cpu\": \"256\",\n  \"family\":\n    \"b\"\n}\n");
        LocatedJson json = LocatedJson.parse(file, "twice.json");

        assertThat(json.root().path("family").asText()).isEqualTo("b");
        assertThat(json.locate("/family").line()).isEqualTo(4);
        assertThat(json.locateValue("/family").line()).isEqualTo(5);
        assertThat(json.locate("/cpu").line()).isEqualTo(3);
    }

    @Test
    void aLongArrayIsLocatedByIndexAndPastItsEndAtTheArray() throws Exception {
        StringBuilder text = new StringBuilder("{\"a\": [\n");
        for (int i = 0; i < 10_000; i++) {
            text.append(i == 0 ? "" : ",\n").append(i);
        }
        LocatedJson json =
                LocatedJson.parse(write("long.json", text.append("\n]}\n").toString()), "long.json");

        assertThat(json.locate("/a/0").line()).isEqualTo(2);
        assertThat(json.locate("/a/9999").line()).isEqualTo(10_001);
        assertThat(json.locate("/a/10000").line()).isEqualTo(1);
        assertThat(json.locateExactly(JsonPointer.compile("/a/10000"))).isNull();
        assertThat(json.locate("/a/x").line()).isEqualTo(1);
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumnOnOneLine() {
        assertThatThrownBy(() -> LocatedJson.parse(fixture("syntax-error.json"), "src/main/ecs/syntax-error.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith(
                        "taskDefinition src/main/ecs/syntax-error.json: JSON syntax error at line 8, column 5: ")
                .hasMessageContaining("Unexpected character (']'")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("Source:")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void aTruncatedFileIsASyntaxErrorWithoutSourceNoise() throws Exception {
        Path file = write("cut.json", "{\n  \"family\": \"web\",\n  \"containerDefinitions\": [\n    {\"name\": \"a\"");
        assertThatThrownBy(() -> LocatedJson.parse(file, "cut.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition cut.json: JSON syntax error at line 4, column ")
                .hasMessageContaining("end-of-input")
                .hasMessageNotContaining("Source")
                .hasMessageNotContaining("REDACTED")
                .hasMessageNotContaining("\n");
    }

    @Test
    void contentAfterTheDocumentIsASyntaxError() throws Exception {
        Path file = write("two.json", "{\"family\": \"a\"}\n{\"family\": \"b\"}\n");
        assertThatThrownBy(() -> LocatedJson.parse(file, "two.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition two.json: JSON syntax error at line 2, column 1: "
                        + "unexpected content after the end of the JSON document");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> LocatedJson.parse(missing, "nope.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition nope.json: file not found");
    }

    @Test
    void aDirectoryIsRejected() {
        assertThatThrownBy(() -> LocatedJson.parse(dir, "ecs/"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition ecs/: is a directory, expected a file");
    }

    @Test
    void anEmptyFileIsRejected() throws Exception {
        Path empty = write("empty.json", "");
        Path blank = write("blank.json", " \n\t\n");
        assertThatThrownBy(() -> LocatedJson.parse(empty, "empty.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition empty.json: file is empty, expected a JSON document");
        assertThatThrownBy(() -> LocatedJson.parse(blank, "blank.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition blank.json: file is empty, expected a JSON document");
    }

    @Test
    void anUnreadableFileIsNamed() throws Exception {
        Path file = write("secret.json", "{}");
        boolean unreadable = file.toFile().setReadable(false, false) && !Files.isReadable(file);
        org.junit.jupiter.api.Assumptions.assumeTrue(unreadable, "running as a user who can read anything");
        assertThatThrownBy(() -> LocatedJson.parse(file, "secret.json"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition secret.json: cannot read file: permission denied");
    }

    @Test
    void aByteOrderMarkIsAccepted() throws Exception {
        Path file = dir.resolve("bom.json");
        byte[] body = "{\n\"family\": \"web\"\n}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(file, withBom);

        LocatedJson json = LocatedJson.parse(file, "bom.json");
        assertThat(json.root().path("family").asText()).isEqualTo("web");
        assertThat(json.locate("/family").line()).isEqualTo(2);
    }

    @Test
    void readsYamlWithLinesAndCloudFormationShortForms() throws Exception {
        LocatedJson yaml =
                LocatedJson.parseYaml(fixture("template.yaml"), "template.yaml", LocatedJson.TagHandler.CLOUDFORMATION);

        JsonNode properties = yaml.root().at("/Resources/TaskDefinition/Properties");
        assertThat(properties.path("Family").path("Fn::Sub").asText()).isEqualTo("${AWS::StackName}-app");
        assertThat(properties.path("ExecutionRoleArn").path("Fn::GetAtt").toString())
                .isEqualTo("[\"ExecutionRole\",\"Arn\"]");
        assertThat(properties.at("/ContainerDefinitions/0/Image/Ref").asText()).isEqualTo("ImageUri");
        assertThat(properties.at("/ContainerDefinitions/0/Essential").booleanValue())
                .isTrue();
        assertThat(yaml.root().path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");

        assertThat(yaml.locate("/Resources/TaskDefinition").line()).isEqualTo(6);
        assertThat(yaml.locate("/Resources/TaskDefinition/Properties/ExecutionRoleArn")
                        .line())
                .isEqualTo(10);
        assertThat(yaml.locate("/Resources/TaskDefinition/Properties/RuntimePlatform/CpuArchitecture")
                        .line())
                .isEqualTo(12);
        assertThat(yaml.locate("/Resources/TaskDefinition/Properties/ContainerDefinitions/0")
                        .line())
                .isEqualTo(14);
        assertThat(yaml.locate("/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Image/Ref")
                        .line())
                .isEqualTo(15);
    }

    @Test
    void theLongFormOfATagIsLocatedAtTheTag() throws Exception {
        Path file = write("t.yaml", "Resources:\n  X:\n    Image: !Join\n      - ':'\n      - - a\n        - b\n");
        LocatedJson yaml = LocatedJson.parseYaml(file, "t.yaml", LocatedJson.TagHandler.CLOUDFORMATION);

        assertThat(yaml.locate("/Resources/X/Image").line()).isEqualTo(3);
        assertThat(yaml.locate("/Resources/X/Image/Fn::Join").line()).isEqualTo(3);
        assertThat(yaml.locate("/Resources/X/Image/Fn::Join/1/1").line()).isEqualTo(6);
    }

    @Test
    void yamlTagsCanBeKeptAsPlainValues() throws Exception {
        LocatedJson yaml =
                LocatedJson.parseYaml(fixture("template.yaml"), "template.yaml", LocatedJson.TagHandler.IGNORE);
        assertThat(yaml.root()
                        .at("/Resources/TaskDefinition/Properties/ContainerDefinitions/0/Image")
                        .asText())
                .isEqualTo("ImageUri");
    }

    @Test
    void aYamlSyntaxErrorIsOneLine() throws Exception {
        Path file = write("bad.yaml", "Resources:\n  Task:\n    Type: [a, b\n  Other: x\n");
        assertThatThrownBy(() -> LocatedJson.parseYaml(file, "bad.yaml", LocatedJson.TagHandler.CLOUDFORMATION))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition bad.yaml: YAML syntax error at line 4, column 8: "
                        + "expected ',' or ']', but got : (while parsing a flow sequence)")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("Source");
    }

    @Test
    void cleansJacksonSourceReferences() {
        assertThat(
                        Messages.jsonCause(
                                "Unexpected end-of-input: expected close marker for Object (start marker at "
                                        + "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 3, column: 5])"))
                .isEqualTo("Unexpected end-of-input: expected close marker for Object (opened at line 3)");
        assertThat(Messages.jsonCause("first\n at [Source: x; line: 1, column: 2]"))
                .isEqualTo("first");
    }
}
