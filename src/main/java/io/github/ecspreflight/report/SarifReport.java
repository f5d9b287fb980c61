package io.github.ecspreflight.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.Outcome;
import io.github.ecspreflight.check.Rule;
import io.github.ecspreflight.check.Rules;
import io.github.ecspreflight.check.Severity;
import io.github.ecspreflight.common.JsonTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code report.sarif}: SARIF 2.1.0 for code scanning (GitHub's {@code upload-sarif}, GitLab, IDE viewers).
 *
 * <p>One run. Its driver lists every rule, so that a rule's help and default level are there even when it found
 * nothing. Each finding is a result at the task-definition line to edit, relative to the repository root (uriBaseId
 * {@value #SRCROOT}), with the image as a logical location and a fingerprint of rule, file and container that stays
 * the same across runs while the line moves. A finding with no file location (an image-only problem, a live task
 * definition) is placed at the module's {@code pom.xml} where there is one, since GitHub rejects a whole SARIF file in
 * which any result has no physical location; otherwise it has the logical location only. The run's
 * {@code automationDetails.id} names the module, so that the reports of a reactor's modules upload side by side.
 */
public final class SarifReport {

    public static final String FILE_NAME = ReportFormat.SARIF.fileName();
    public static final String SCHEMA =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    public static final String INFORMATION_URI = "https://github.com/ecspreflight/ecs-preflight-maven-plugin";
    static final String SRCROOT = "%SRCROOT%";

    /** The rule's page on the project's site: {@code .../blob/main/docs/rules/EP001.md}. */
    public static String pageUri(io.github.ecspreflight.check.Rule rule) {
        return INFORMATION_URI + "/blob/main/" + rule.page();
    }

    static final String FINGERPRINT = "ecsPreflight/v1";

    private SarifReport() {}

    public static Path write(CheckResult result, Path directory, ReportContext context) throws IOException {
        ObjectNode json = toJson(result, context);
        return ReportFiles.write(directory, FILE_NAME, out -> JsonTrees.writePretty(out, json));
    }

    static ObjectNode toJson(CheckResult result, ReportContext context) {
        RepositoryPaths paths = RepositoryPaths.of(context.baseDirectory());
        ObjectNode log = JsonNodeFactory.instance.objectNode();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        ObjectNode run = log.putArray("runs").addObject();

        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", ToolInfo.NAME);
        driver.put("version", ToolInfo.version());
        driver.put("informationUri", INFORMATION_URI);
        ArrayNode rules = driver.putArray("rules");
        for (Rule rule : Rules.all()) {
            rules.add(rule(rule));
        }

        String module = paths.module();
        run.putObject("automationDetails").put("id", "ecs-preflight/" + (module.isEmpty() ? "" : module + "/"));
        run.putObject("originalUriBaseIds").putObject(SRCROOT).put("uri", paths.rootUri());

        run.set("invocations", invocations(result));

        ArrayNode results = run.putArray("results");
        Map<String, Integer> seen = new HashMap<>();
        for (Finding finding : result.findings()) {
            results.add(result(finding, result, paths, seen));
        }

        ObjectNode properties = run.putObject("properties");
        properties.put("image", result.imageReference());
        if (result.image().digest() != null) {
            properties.put("imageDigest", result.image().digest());
        }
        properties.put("taskDefinition", result.taskDefinition().source());
        properties.put("container", result.container());
        properties.put("result", result.failed() ? "FAILED" : "PASSED");
        // every rule's outcome, as report.json and the JUnit XML give them
        properties.set("outcomes", JsonReport.outcomes(result));
        return log;
    }

    /**
     * The run as SARIF tells what did not run: a skipped rule is a rule configuration override that disables it, and a
     * rule that could not be judged is a tool execution notification naming it and why. A rule that ran and found
     * nothing is neither: it has no result.
     */
    private static ArrayNode invocations(CheckResult result) {
        ArrayNode invocations = JsonNodeFactory.instance.arrayNode();
        ObjectNode invocation = invocations.addObject();
        invocation.put("executionSuccessful", true);
        ArrayNode overrides = JsonNodeFactory.instance.arrayNode();
        ArrayNode notifications = JsonNodeFactory.instance.arrayNode();
        for (Outcome outcome : result.outcomes()) {
            ObjectNode descriptor = JsonNodeFactory.instance.objectNode();
            descriptor.put("id", outcome.rule().id());
            descriptor.put("index", Rules.indexOf(outcome.rule()));
            if (outcome.status() == Outcome.Status.SKIPPED) {
                ObjectNode override = overrides.addObject();
                override.set("descriptor", descriptor);
                override.putObject("configuration").put("enabled", false);
            } else if (outcome.status() == Outcome.Status.NOT_RUN) {
                ObjectNode notification = notifications.addObject();
                notification.put("level", "note");
                notification.putObject("message").put("text", outcome.rule().id() + " not run: " + outcome.reason());
                notification.set("associatedRule", descriptor);
            }
        }
        if (!overrides.isEmpty()) {
            invocation.set("ruleConfigurationOverrides", overrides);
        }
        if (!notifications.isEmpty()) {
            invocation.set("toolExecutionNotifications", notifications);
        }
        return invocations;
    }

    private static ObjectNode rule(Rule rule) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", rule.id());
        node.put("name", pascalCase(rule.title()));
        node.putObject("shortDescription").put("text", rule.title());
        node.putObject("fullDescription").put("text", rule.help());
        ObjectNode help = node.putObject("help");
        String skip = "-DecsPreflight.skipRules=" + rule.id();
        help.put(
                "text",
                rule.help() + "\n\nEach finding says why ECS would stop the task and how to fix it in this "
                        + "build. To accept the risk, skip the rule deliberately with " + skip + ".");
        help.put(
                "markdown",
                "**" + rule.id() + ": " + rule.title() + "**\n\n" + rule.help() + "\n\nEach finding "
                        + "says why ECS would stop the task (*Essential container in task exited*) and how to fix it in this "
                        + "build. To accept the risk, skip the rule deliberately with `" + skip + "` or "
                        + "`<skipRules>" + rule.id() + "</skipRules>`.\n\nSee [its page](" + pageUri(rule) + ").");
        node.put("helpUri", pageUri(rule));
        node.putObject("defaultConfiguration").put("level", level(rule.severity()));
        ArrayNode tags = node.putObject("properties").putArray("tags");
        tags.add("ecs");
        tags.add(rule.category());
        return node;
    }

    private static ObjectNode result(
            Finding finding, CheckResult result, RepositoryPaths paths, Map<String, Integer> seen) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("ruleId", finding.rule().id());
        node.put("ruleIndex", Rules.indexOf(finding.rule()));
        node.put("level", level(finding.severity()));
        node.putObject("message").put("text", finding.message() + "\nFix: " + finding.remediation());

        ObjectNode location = node.putArray("locations").addObject();
        Optional<String> file = paths.relative(finding.location(), result.taskDefinition());
        boolean hasLine = finding.location() != null && finding.location().hasLine();
        Optional<String> absolute = file.isPresent()
                ? Optional.empty()
                : paths.path(finding.location(), result.taskDefinition())
                        .map(p -> p.toUri().toASCIIString());
        if (file.isPresent() || absolute.isPresent()) {
            ObjectNode physical = location.putObject("physicalLocation");
            ObjectNode artifact = physical.putObject("artifactLocation");
            if (file.isPresent()) {
                artifact.put("uri", RepositoryPaths.uriReference(file.get()));
                artifact.put("uriBaseId", SRCROOT);
            } else {
                artifact.put("uri", absolute.get());
            }
            if (hasLine) {
                physical.putObject("region").put("startLine", finding.location().line());
            }
        } else {
            Optional<String> pom = paths.buildFile();
            if (pom.isPresent()) {
                ObjectNode artifact = location.putObject("physicalLocation").putObject("artifactLocation");
                artifact.put("uri", RepositoryPaths.uriReference(pom.get()));
                artifact.put("uriBaseId", SRCROOT);
            }
        }
        ObjectNode image = location.putArray("logicalLocations").addObject();
        image.put("name", result.imageReference());
        image.put("fullyQualifiedName", result.imageReference());
        image.put("kind", "resource");

        String key = finding.rule().id() + "\u0000" + file.or(() -> absolute).orElse("") + "\u0000"
                + result.taskDefinition().source() + "\u0000" + result.container();
        int occurrence = seen.merge(key, 1, Integer::sum);
        node.putObject("partialFingerprints")
                .put(FINGERPRINT, sha256(occurrence == 1 ? key : key + "\u0000" + occurrence));

        ObjectNode properties = node.putObject("properties");
        properties.put("severity", finding.severity().name());
        properties.put("container", result.container());
        properties.put("remediation", finding.remediation());
        return node;
    }

    static String level(Severity severity) {
        return severity == Severity.ERROR ? "error" : "warning";
    }

    /** {@code "Image platform differs from the task's CPU architecture"} to {@code ImagePlatformDiffersFromTheTasksCpuArchitecture}. */
    static String pascalCase(String title) {
        StringBuilder name = new StringBuilder();
        for (String word : title.replace("'", "").split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                name.append(word.substring(0, 1).toUpperCase(Locale.ROOT))
                        .append(
                                word.equals(word.toUpperCase(Locale.ROOT))
                                        ? word.substring(1).toLowerCase(Locale.ROOT)
                                        : word.substring(1));
            }
        }
        return name.toString();
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
