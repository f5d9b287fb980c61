package io.github.ecspreflight.report;

import static io.github.ecspreflight.report.ReportFixtures.DIGEST;
import static io.github.ecspreflight.report.ReportFixtures.IMAGE;
import static io.github.ecspreflight.report.ReportFixtures.SECRET;
import static io.github.ecspreflight.report.ReportFixtures.TASK_FILE;
import static io.github.ecspreflight.report.ReportFixtures.context;
import static io.github.ecspreflight.report.ReportFixtures.ep001;
import static io.github.ecspreflight.report.ReportFixtures.ep006WithoutLocation;
import static io.github.ecspreflight.report.ReportFixtures.ep101;
import static io.github.ecspreflight.report.ReportFixtures.ep201;
import static io.github.ecspreflight.report.ReportFixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecspreflight.check.CheckFixtures;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.EntrypointRules;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.check.LoggingRules;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.check.Rule;
import io.github.ecspreflight.check.Rules;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report.sarif}: valid against the bundled SARIF 2.1.0 schema, and what code scanning reads, field by field. */
class SarifReportTest {

    @TempDir
    Path work;

    Path base;
    Path reports;

    @BeforeEach
    void layOut() throws Exception {
        base = ReportFixtures.module(work);
        reports = base.resolve("target/ecs-preflight");
    }

    private static JsonNode valid(Path sarif) throws Exception {
        return SarifSchema.valid(sarif);
    }

    private JsonNode write(CheckResult result) throws Exception {
        Path file = SarifReport.write(result, reports, context(base));
        assertThat(file).isEqualTo(reports.resolve("report.sarif"));
        return valid(file);
    }

    @Test
    void theSchemaRejectsWhatIsNotSarif() throws Exception {
        JsonNode log = write(result(base, ep001(1)));
        ObjectNode broken = log.deepCopy();
        broken.put("version", "2.0.0");
        ((ObjectNode) broken.get("runs").get(0).get("results").get(0)).put("level", "fatal");
        assertThat(SarifSchema.violations(broken)).hasSizeGreaterThanOrEqualTo(2);

        ObjectNode badUri = log.deepCopy();
        ((ObjectNode) badUri.get("runs")
                        .get(0)
                        .get("results")
                        .get(0)
                        .get("locations")
                        .get(0)
                        .get("physicalLocation")
                        .get("artifactLocation"))
                .put("uri", "my services/ecs/task definition.json");
        assertThat(SarifSchema.violations(badUri))
                .as("format assertions are on")
                .isNotEmpty();
    }

    @Test
    void theLogIsOneRunOfThisToolWithEveryRule() throws Exception {
        JsonNode log = write(result(base, ep001(1)));

        assertThat(log.get("$schema").asText()).isEqualTo(SarifReport.SCHEMA);
        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        assertThat(log.get("runs")).hasSize(1);
        JsonNode driver = log.get("runs").get(0).get("tool").get("driver");
        assertThat(driver.get("name").asText()).isEqualTo("ecs-preflight-maven-plugin");
        assertThat(driver.get("version").asText()).isEqualTo(ToolInfo.version());
        assertThat(driver.get("informationUri").asText())
                .isEqualTo("https://github.com/ecspreflight/ecs-preflight-maven-plugin");

        JsonNode rules = driver.get("rules");
        assertThat(rules).hasSize(Rules.all().size());
        for (Rule rule : Rules.all()) {
            JsonNode node = rules.get(Rules.indexOf(rule));
            assertThat(node.get("id").asText()).isEqualTo(rule.id());
            assertThat(node.get("name").asText()).matches("[A-Z][A-Za-z0-9]+");
            assertThat(node.get("shortDescription").get("text").asText()).isEqualTo(rule.title());
            assertThat(node.get("fullDescription").get("text").asText()).isEqualTo(rule.help());
            assertThat(node.get("help").get("text").asText())
                    .startsWith(rule.help())
                    .contains("-DecsPreflight.skipRules=" + rule.id());
            assertThat(node.get("help").get("markdown").asText())
                    .contains("**" + rule.id() + ": " + rule.title() + "**")
                    .contains("`-DecsPreflight.skipRules=" + rule.id() + "`");
            assertThat(node.get("defaultConfiguration").get("level").asText())
                    .isEqualTo(rule.severity().name().toLowerCase());
            assertThat(node.get("properties").get("tags").get(0).asText()).isEqualTo("ecs");
        }
        assertThat(rules.get(Rules.indexOf(PlatformRules.EP001)).get("name").asText())
                .isEqualTo("ImagePlatformDiffersFromTheTasksCpuArchitecture");
        assertThat(rules.get(Rules.indexOf(PlatformRules.EP007))
                        .get("defaultConfiguration")
                        .get("level")
                        .asText())
                .isEqualTo("warning");
        assertThat(rules.get(Rules.indexOf(LoggingRules.EP101))
                        .get("properties")
                        .get("tags")
                        .get(1)
                        .asText())
                .isEqualTo("logging");
    }

    @Test
    void everyRulesOutcomeIsInTheRunSkippedAsDisabledAndNotRunAsANotification() throws Exception {
        JsonNode log = write(result(
                base,
                false,
                new ReportFixtures.Outcomes()
                        .skipped(ImageReferenceRule.EP201)
                        .notRun("the entrypoint is known only once deployed", EntrypointRules.EP004),
                ep001(1)));
        JsonNode run = log.get("runs").get(0);

        JsonNode invocation = run.get("invocations").get(0);
        assertThat(invocation.get("executionSuccessful").asBoolean()).isTrue();
        assertThat(invocation.get("ruleConfigurationOverrides")).singleElement().satisfies(override -> {
            assertThat(override.get("descriptor").get("id").asText()).isEqualTo("EP201");
            assertThat(override.get("descriptor").get("index").asInt())
                    .isEqualTo(Rules.indexOf(ImageReferenceRule.EP201));
            assertThat(override.get("configuration").get("enabled").asBoolean()).isFalse();
        });
        assertThat(invocation.get("toolExecutionNotifications")).singleElement().satisfies(notification -> {
            assertThat(notification.get("level").asText()).isEqualTo("note");
            assertThat(notification.get("associatedRule").get("id").asText()).isEqualTo("EP004");
            assertThat(notification.get("message").get("text").asText())
                    .isEqualTo("EP004 not run: the entrypoint is known only once deployed");
        });

        JsonNode outcomes = run.get("properties").get("outcomes");
        assertThat(outcomes).hasSize(Rules.all().size());
        assertThat(outcomes.get(Rules.indexOf(PlatformRules.EP001))
                        .get("outcome")
                        .asText())
                .isEqualTo("FAILED");
        assertThat(outcomes.get(Rules.indexOf(ImageReferenceRule.EP201))
                        .get("outcome")
                        .asText())
                .isEqualTo("SKIPPED");
        assertThat(outcomes.get(Rules.indexOf(EntrypointRules.EP004))
                        .get("reason")
                        .asText())
                .isEqualTo("the entrypoint is known only once deployed");
        assertThat(outcomes.get(Rules.indexOf(LoggingRules.EP101))
                        .get("outcome")
                        .asText())
                .isEqualTo("PASSED");
    }

    @Test
    void aRunWhereEveryRuleRanHasNeitherOverridesNorNotifications() throws Exception {
        JsonNode invocation = write(result(base, ep001(1)))
                .get("runs")
                .get(0)
                .get("invocations")
                .get(0);

        assertThat(invocation.has("ruleConfigurationOverrides")).isFalse();
        assertThat(invocation.has("toolExecutionNotifications")).isFalse();
    }

    @Test
    void aFindingIsAResultAtTheLineToEditRelativeToTheRepositoryRoot() throws Exception {
        JsonNode run = write(result(base, ep001(1), ep101(10))).get("runs").get(0);

        assertThat(run.get("originalUriBaseIds").get("%SRCROOT%").get("uri").asText())
                .isEqualTo(work.resolve("repo").toUri().toString())
                .endsWith("/repo/");
        JsonNode results = run.get("results");
        assertThat(results).hasSize(2);

        JsonNode first = results.get(0);
        assertThat(first.get("ruleId").asText()).isEqualTo("EP001");
        assertThat(first.get("ruleIndex").asInt()).isEqualTo(Rules.indexOf(PlatformRules.EP001));
        assertThat(first.get("level").asText()).isEqualTo("error");
        assertThat(first.get("message").get("text").asText())
                .startsWith(ep001(1).message())
                .endsWith("\nFix: " + ep001(1).remediation());
        JsonNode location = first.get("locations").get(0);
        JsonNode artifact = location.get("physicalLocation").get("artifactLocation");
        assertThat(artifact.get("uri").asText()).isEqualTo("services/orders/" + TASK_FILE);
        assertThat(artifact.get("uriBaseId").asText()).isEqualTo("%SRCROOT%");
        assertThat(location.get("physicalLocation")
                        .get("region")
                        .get("startLine")
                        .asInt())
                .isEqualTo(1);
        JsonNode image = location.get("logicalLocations").get(0);
        assertThat(image.get("name").asText()).isEqualTo(IMAGE);
        assertThat(image.get("fullyQualifiedName").asText()).isEqualTo(IMAGE);
        assertThat(image.get("kind").asText()).isEqualTo("resource");
        assertThat(first.get("properties").get("remediation").asText()).isEqualTo(ep001(1).remediation());
        assertThat(first.get("properties").get("container").asText()).isEqualTo("app");

        JsonNode second = results.get(1);
        assertThat(second.get("ruleId").asText()).isEqualTo("EP101");
        assertThat(second.get("ruleIndex").asInt()).isEqualTo(Rules.indexOf(LoggingRules.EP101));
        assertThat(second.get("locations")
                        .get(0)
                        .get("physicalLocation")
                        .get("region")
                        .get("startLine")
                        .asInt())
                .isEqualTo(10);

        JsonNode properties = run.get("properties");
        assertThat(properties.get("image").asText()).isEqualTo(IMAGE);
        assertThat(properties.get("imageDigest").asText()).isEqualTo(DIGEST);
        assertThat(properties.get("taskDefinition").asText()).isEqualTo(TASK_FILE);
        assertThat(properties.get("result").asText()).isEqualTo("FAILED");
    }

    @Test
    void theRunIsCategorisedByModuleSoThatAReactorsReportsUploadSideBySide() throws Exception {
        JsonNode run = write(result(base, ep001(1))).get("runs").get(0);
        assertThat(run.get("automationDetails").get("id").asText()).isEqualTo("ecs-preflight/services/orders/");

        Path root = work.resolve("repo");
        Path single = root.resolve("single");
        Files.createDirectories(single.resolve("ecs"));
        Files.copy(base.resolve(TASK_FILE), single.resolve(TASK_FILE));
        JsonNode atRoot = valid(SarifReport.write(result(single, ep001(1)), single.resolve("target"), context(single)));
        assertThat(atRoot.get("runs").get(0).get("automationDetails").get("id").asText())
                .isEqualTo("ecs-preflight/single/");
    }

    @Test
    void withoutARepositoryFilesAreRelativeToTheProject() throws Exception {
        Path plain = work.resolve("plain");
        Files.createDirectories(plain.resolve("ecs"));
        Files.copy(base.resolve(TASK_FILE), plain.resolve(TASK_FILE));
        // no .git anywhere above a fresh temporary directory is not guaranteed: the root is wherever .git is found
        RepositoryPaths paths = RepositoryPaths.of(plain);
        JsonNode run = valid(SarifReport.write(result(plain, ep001(1)), plain.resolve("target"), context(plain)))
                .get("runs")
                .get(0);

        String expected = paths.root().equals(plain.toAbsolutePath().normalize())
                ? TASK_FILE
                : paths.root().relativize(plain.resolve(TASK_FILE)).toString().replace('\\', '/');
        assertThat(run.get("results")
                        .get(0)
                        .get("locations")
                        .get(0)
                        .get("physicalLocation")
                        .get("artifactLocation")
                        .get("uri")
                        .asText())
                .isEqualTo(expected)
                .doesNotStartWith("/");
    }

    @Test
    void anImageOnlyFindingIsPlacedAtTheModulesPomWithTheImageAsLogicalLocation() throws Exception {
        JsonNode result = write(result(base, ep006WithoutLocation()))
                .get("runs")
                .get(0)
                .get("results")
                .get(0);

        JsonNode location = result.get("locations").get(0);
        assertThat(location.get("physicalLocation")
                        .get("artifactLocation")
                        .get("uri")
                        .asText())
                .isEqualTo("services/orders/pom.xml");
        assertThat(location.get("physicalLocation").has("region")).isFalse();
        assertThat(location.get("logicalLocations").get(0).get("name").asText()).isEqualTo(IMAGE);
    }

    @Test
    void anImageOnlyFindingWithoutAPomHasOnlyTheLogicalLocation() throws Exception {
        Files.delete(base.resolve("pom.xml"));

        JsonNode result = write(result(base, ep006WithoutLocation()))
                .get("runs")
                .get(0)
                .get("results")
                .get(0);

        JsonNode location = result.get("locations").get(0);
        assertThat(location.has("physicalLocation")).isFalse();
        assertThat(location.get("logicalLocations").get(0).get("kind").asText()).isEqualTo("resource");
    }

    @Test
    void aLocationWithoutALineHasNoRegion() throws Exception {
        var finding = new Finding(
                LoggingRules.EP101,
                LoggingRules.EP101.severity(),
                "no logs",
                SourceLocation.ofFile(TASK_FILE),
                "add logs");

        JsonNode physical = write(result(base, finding))
                .get("runs")
                .get(0)
                .get("results")
                .get(0)
                .get("locations")
                .get(0)
                .get("physicalLocation");

        assertThat(physical.get("artifactLocation").get("uri").asText()).isEqualTo("services/orders/" + TASK_FILE);
        assertThat(physical.has("region")).isFalse();
    }

    @Test
    void aWarningIsAWarningResultAndAPassingRunHasNoResults() throws Exception {
        JsonNode warned = write(result(base, ep201(11))).get("runs").get(0);
        assertThat(warned.get("results").get(0).get("level").asText()).isEqualTo("warning");
        assertThat(warned.get("properties").get("result").asText()).isEqualTo("PASSED");

        JsonNode clean = write(result(base)).get("runs").get(0);
        assertThat(clean.get("results").isArray()).isTrue();
        assertThat(clean.get("results")).isEmpty();
        assertThat(clean.get("tool").get("driver").get("rules"))
                .hasSize(Rules.all().size());
    }

    @Test
    void fingerprintsStayWhenTheLineMovesAndDifferByRuleAndContainer() throws Exception {
        String before = fingerprint(write(result(base, ep001(1))), 0);
        String after = fingerprint(write(result(base, ep001(7))), 0);
        String otherRule = fingerprint(write(result(base, ep101(1))), 0);
        JsonNode twice = write(result(base, ep101(10), ep101(10)));

        assertThat(after).isEqualTo(before).matches("[0-9a-f]{64}");
        assertThat(otherRule).isNotEqualTo(before);
        assertThat(fingerprint(twice, 0)).isEqualTo(otherRule);
        assertThat(fingerprint(twice, 1)).isNotEqualTo(fingerprint(twice, 0));

        CheckResult app = result(base, ep001(1));
        CheckResult sidecar = new CheckResult(
                app.image(), app.taskDefinition(), "sidecar", app.findings(), app.outcomes(), app.failOnWarning(), 1);
        assertThat(fingerprint(write(sidecar), 0)).isNotEqualTo(before);
    }

    private static String fingerprint(JsonNode log, int result) {
        return log.get("runs")
                .get(0)
                .get("results")
                .get(result)
                .get("partialFingerprints")
                .get(SarifReport.FINGERPRINT)
                .asText();
    }

    @Test
    void aPathWithSpacesIsAValidUriReference() throws Exception {
        Path spaced = work.resolve("repo/my services/orders");
        Files.createDirectories(spaced.resolve("ecs"));
        Files.copy(base.resolve(TASK_FILE), spaced.resolve(TASK_FILE));

        JsonNode log = valid(SarifReport.write(result(spaced, ep001(1)), spaced.resolve("target"), context(spaced)));

        assertThat(log.get("runs")
                        .get(0)
                        .get("results")
                        .get(0)
                        .get("locations")
                        .get(0)
                        .get("physicalLocation")
                        .get("artifactLocation")
                        .get("uri")
                        .asText())
                .isEqualTo("my%20services/orders/" + TASK_FILE);
    }

    @Test
    void aFileOutsideTheRepositoryIsAnAbsoluteFileUri() throws Exception {
        Path outside = work.resolve("elsewhere/task.json");
        Files.createDirectories(outside.getParent());
        Files.copy(base.resolve(TASK_FILE), outside);
        var finding = new Finding(
                LoggingRules.EP101,
                LoggingRules.EP101.severity(),
                "no logs",
                new SourceLocation(outside.toString(), 3),
                "add logs");

        JsonNode artifact = write(result(base, finding))
                .get("runs")
                .get(0)
                .get("results")
                .get(0)
                .get("locations")
                .get(0)
                .get("physicalLocation")
                .get("artifactLocation");

        assertThat(artifact.get("uri").asText())
                .isEqualTo(outside.toUri().toString())
                .startsWith("file:");
        assertThat(artifact.has("uriBaseId")).isFalse();
    }

    @Test
    void aRealFailedCheckValidatesAndHoldsNoEnvironmentValue() throws Exception {
        Path images = work.resolve("images");
        Files.createDirectories(images);
        TestImages.dockerArchive(
                TestImages.scratch("arm64", images), images.resolve("arm.tar"), CheckFixtures.BUILT_IMAGE);
        CheckResult result;
        try (Image image = CheckFixtures.open(images, "docker-archive:arm.tar")) {
            result = CheckFixtures.check(
                    image, CheckFixtures.task("fargate-default-platform.json"), CheckOptions.defaults());
        }
        Path fixtures = CheckFixtures.directory();

        Path file = SarifReport.write(result, reports, new ReportContext(fixtures));
        JsonNode log = valid(file);

        JsonNode first = log.get("runs").get(0).get("results").get(0);
        assertThat(first.get("ruleId").asText()).isEqualTo("EP001");
        assertThat(first.get("locations")
                        .get(0)
                        .get("physicalLocation")
                        .get("artifactLocation")
                        .get("uri")
                        .asText())
                .endsWith("fargate-default-platform.json");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(CheckFixtures.SECRET).doesNotContain("SPRING_PROFILES_ACTIVE");
    }

    @Test
    void noContainerEnvironmentValueIsWritten() throws Exception {
        assertThat(Files.readString(base.resolve(TASK_FILE))).contains(SECRET);
        Path file = SarifReport.write(
                result(base, ep001(1), ep101(10), ep201(11), ep006WithoutLocation()), reports, context(base));
        assertThat(Files.readString(file)).doesNotContain(SECRET).doesNotContain("DATABASE_PASSWORD");
    }

    @Test
    void everyShapeOfResultValidates() throws Exception {
        List<CheckResult> shapes = new ArrayList<>();
        shapes.add(result(base));
        shapes.add(result(base, ep001(1), ep101(10), ep201(11), ep006WithoutLocation()));
        shapes.add(result(base, true, ep201(11)));
        CheckResult failed = result(base, ep001(1));
        shapes.add(new CheckResult(
                new CheckResult.CheckedImage(IMAGE, null, List.of()),
                failed.taskDefinition(),
                "app",
                failed.findings(),
                failed.outcomes(),
                false,
                0));
        for (CheckResult shape : shapes) {
            valid(SarifReport.write(shape, reports, context(base)));
        }
    }
}
