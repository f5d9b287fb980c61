package io.github.ecspreflight.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.Outcome;
import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.image.Platform;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code report.json} in the shape DESIGN.md fixes. The task definition's {@code cpuArchitecture} and
 * {@code operatingSystemFamily} are the effective ones (Fargate's X86_64 and LINUX defaults filled in), null where
 * ECS itself cannot know them; nothing from a container's environment is written.
 */
public final class JsonReport {

    public static final String FILE_NAME = ReportFormat.JSON.fileName();

    private JsonReport() {}

    public static Path write(CheckResult result, Path directory) throws IOException {
        ObjectNode json = toJson(result);
        return ReportFiles.write(directory, FILE_NAME, out -> JsonTrees.writePretty(out, json));
    }

    static ObjectNode toJson(CheckResult result) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode tool = root.putObject("tool");
        tool.put("name", ToolInfo.NAME);
        tool.put("version", ToolInfo.version());

        ObjectNode image = root.putObject("image");
        image.put("reference", result.image().reference());
        image.put("digest", result.image().digest());
        ArrayNode platforms = image.putArray("platforms");
        for (Platform platform : result.image().platforms()) {
            ObjectNode node = platforms.addObject();
            node.put("os", platform.os());
            node.put("architecture", platform.architecture());
            node.put("variant", platform.variant());
        }

        CheckResult.CheckedTask task = result.taskDefinition();
        ObjectNode taskDefinition = root.putObject("taskDefinition");
        taskDefinition.put("source", task.source());
        taskDefinition.put("family", task.family());
        taskDefinition.put("revision", task.revision());
        taskDefinition.put("cpuArchitecture", task.cpuArchitecture());
        taskDefinition.put("operatingSystemFamily", task.operatingSystemFamily());
        ArrayNode compatibilities = taskDefinition.putArray("requiresCompatibilities");
        task.requiresCompatibilities().forEach(compatibilities::add);

        root.put("container", result.container());
        ArrayNode findings = root.putArray("findings");
        for (Finding finding : result.findings()) {
            ObjectNode node = findings.addObject();
            node.put("rule", finding.rule().id());
            node.put("severity", finding.severity().name());
            node.put("message", finding.message());
            // Always {"file","line"}: a finding about the image alone names the image, with no line.
            ObjectNode location = node.putObject("location");
            location.put(
                    "file",
                    finding.location() == null
                            ? result.imageReference()
                            : finding.location().file());
            if (finding.location() != null && finding.location().hasLine()) {
                location.put("line", finding.location().line());
            } else {
                location.putNull("line");
            }
            node.put("remediation", finding.remediation());
        }
        root.set("outcomes", outcomes(result));
        root.put("result", result.failed() ? "FAILED" : "PASSED");
        root.put("durationMillis", result.durationMillis());
        return root;
    }

    /** Every rule's outcome, {@code [{"rule","outcome","reason"}]}, in id order; SARIF carries the same list. */
    static ArrayNode outcomes(CheckResult result) {
        ArrayNode outcomes = JsonNodeFactory.instance.arrayNode();
        for (Outcome outcome : result.outcomes()) {
            ObjectNode node = outcomes.addObject();
            node.put("rule", outcome.rule().id());
            node.put("outcome", outcome.status().name());
            node.put("reason", outcome.reason());
        }
        return outcomes;
    }
}
