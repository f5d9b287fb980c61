package io.github.ecspreflight.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidates;
import io.github.ecspreflight.ecs.SourceInputs;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.ecs.sources.TaskDefinitionLoader;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.image.open.ImageOpener;
import io.github.ecspreflight.run.PreflightRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-world corpus (src/test/resources/corpus, each case with its source, commit and license): every case read
 * as a user would name it and checked against a linux/amd64 and a linux/arm64 image, and each result asserted against
 * the truth written by reading the files before the plugin ran on them (truth.json, or truth-NAME.json per task definition): the findings with their file and
 * line, or the error the source legitimately gets.
 */
class CorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    @BeforeAll
    static void buildImages() throws Exception {
        for (String architecture : List.of("amd64", "arm64")) {
            TestImages.dockerArchive(
                    TestImages.scratch(architecture, work), work.resolve(architecture + ".tar"), "corpus-image:1.0");
        }
    }

    static Path corpus() throws Exception {
        return Path.of(CorpusTest.class.getResource("/corpus").toURI());
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsJudgedAsItsTruthSays() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> cases = Files.list(corpus())) {
            for (Path dir : cases.filter(Files::isDirectory).sorted().toList()) {
                // truth.json, or one truth-NAME.json per task definition of files that hold several
                for (Path file : truths(dir)) {
                    JsonNode truth = JSON.readTree(file.toFile());
                    String name = file.getFileName().toString().equals("truth.json")
                            ? dir.getFileName().toString()
                            : dir.getFileName() + " " + file.getFileName();
                    for (String architecture : List.of("amd64", "arm64")) {
                        tests.add(DynamicTest.dynamicTest(
                                name + " on linux/" + architecture, () -> judge(dir, truth, architecture)));
                    }
                }
            }
        }
        assertThat(tests).as("corpus cases").isNotEmpty();
        return tests.stream();
    }

    private static List<Path> truths(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("truth(-[a-z0-9-]+)?\\.json"))
                    .sorted()
                    .toList();
        }
    }

    private static void judge(Path dir, JsonNode truth, String architecture) throws Exception {
        JsonNode expected = truth.path(architecture);
        if (expected.has("error")) {
            assertThatThrownBy(() -> check(dir, truth, architecture))
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining(expected.path("error").asText());
            return;
        }
        List<String> wanted = new ArrayList<>();
        for (JsonNode finding : expected.path("findings")) {
            wanted.add(finding.path("rule").asText() + " "
                    + finding.path("file").asText() + ":" + finding.path("line").asInt());
        }
        List<String> found = new ArrayList<>();
        for (Finding finding : check(dir, truth, architecture).findings()) {
            found.add(finding.rule().id() + " " + finding.location().file() + ":"
                    + finding.location().line());
        }
        assertThat(found).as("findings").containsExactlyInAnyOrderElementsOf(wanted);
    }

    private static CheckResult check(Path dir, JsonNode truth, String architecture) throws Exception {
        Map<String, String> variables = new LinkedHashMap<>();
        truth.path("variables")
                .properties()
                .forEach(e -> variables.put(e.getKey(), e.getValue().asText()));
        TaskDefinitionQuery query = new TaskDefinitionQuery(
                truth.path("taskDefinition").asText(),
                text(truth, "taskDefinitionResource"),
                null,
                null,
                new SourceInputs(variables, List.of(), Map.of()));
        Candidates candidates = new TaskDefinitionLoader(dir, null).candidates(query);
        CheckOptions options = new CheckOptions(
                text(truth, "containerName"),
                Set.of("awslogs"),
                Set.of(ImageReferenceRule.EP201),
                false,
                false,
                CheckOptions.defaults().imageBuilder());
        try (Image image = new ImageOpener(work, RegistryAccess.defaults())
                .open(ImageReference.parse("docker-archive:" + architecture + ".tar"))) {
            return PreflightRunner.check(image, candidates, options);
        }
    }

    private static String text(JsonNode truth, String field) {
        JsonNode value = truth.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
