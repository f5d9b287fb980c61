package io.github.ecspreflight.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The streaming tree codec reads and writes exactly as Jackson's ObjectMapper does, which the tests use as oracle. */
class JsonTreesTest {

    private static final ObjectMapper ORACLE = new ObjectMapper();

    /** Every JSON fixture the tests keep: task definitions, plans, templates, registry answers. */
    private static List<Path> fixtures() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void everyJsonFixtureReadsToTheTreeObjectMapperReads() throws Exception {
        List<Path> fixtures = fixtures();
        assertThat(fixtures).hasSizeGreaterThan(50);
        int compared = 0;
        for (Path fixture : fixtures) {
            byte[] bytes = Files.readAllBytes(fixture);
            JsonNode expected;
            try {
                expected = ORACLE.readTree(bytes);
            } catch (JacksonException e) {
                assertThatThrownBy(() -> JsonTrees.read(bytes))
                        .as(fixture.toString())
                        .isInstanceOf(JacksonException.class);
                continue;
            }
            assertThat(JsonTrees.read(bytes)).as(fixture.toString()).isEqualTo(expected);
            compared++;
        }
        assertThat(compared).isGreaterThan(50);
    }

    @Test
    void numbersDuplicatesAndEmptyDocumentsAreReadAsObjectMapperReadsThem() throws Exception {
        String json = "{\"a\":1,\"b\":12345678901,\"c\":123456789012345678901234567890,\"d\":1.5,\"e\":-0.0,"
                + "\"a\":[true,false,null,\"x\",{}],\"f\":\"\\u00e9\\n\"}";
        assertThat(JsonTrees.read(json)).isEqualTo(ORACLE.readTree(json));
        assertThat(JsonTrees.read(json).get("a").isArray())
                .as("the last of a repeated member wins")
                .isTrue();
        assertThat(JsonTrees.read("").isMissingNode()).isTrue();
        assertThat(JsonTrees.read("  ").isMissingNode()).isTrue();
        assertThat(JsonTrees.read("\"just a string\"").asText()).isEqualTo("just a string");
        assertThat(JsonTrees.read("42").intValue()).isEqualTo(42);
    }

    @Test
    void brokenJsonIsRefusedAsJacksonRefusesIt() {
        for (String broken : List.of("{", "{\"a\":}", "[1,2", "{\"a\" 1}", "nul")) {
            assertThatThrownBy(() -> JsonTrees.read(broken)).as(broken).isInstanceOf(JacksonException.class);
        }
    }

    @Test
    void aDeeplyNestedDocumentIsReadWithoutRecursion() throws Exception {
        String deep = "[".repeat(900) + "]".repeat(900);
        JsonNode node = JsonTrees.read(deep);
        for (int i = 0; i < 899; i++) {
            node = node.get(0);
        }
        assertThat(node.isArray()).isTrue();
        assertThat(node.size()).isZero();
    }

    @Test
    void treesAreWrittenByteForByteAsObjectMapperWritesThem() throws Exception {
        for (Path fixture : fixtures()) {
            JsonNode tree;
            try {
                tree = ORACLE.readTree(Files.readAllBytes(fixture));
            } catch (JacksonException e) {
                continue;
            }
            ByteArrayOutputStream pretty = new ByteArrayOutputStream();
            JsonTrees.writePretty(pretty, tree);
            assertThat(pretty.toString(StandardCharsets.UTF_8))
                    .as(fixture.toString())
                    .isEqualTo(ORACLE.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree));
            assertThat(JsonTrees.bytes(tree)).as(fixture.toString()).isEqualTo(ORACLE.writeValueAsBytes(tree));
        }
    }
}
