package io.github.ecspreflight.report;

import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.EntrypointRules;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.ImageReferenceRule;
import io.github.ecspreflight.check.LoggingRules;
import io.github.ecspreflight.check.Outcome;
import io.github.ecspreflight.check.PlatformRules;
import io.github.ecspreflight.check.Rule;
import io.github.ecspreflight.check.Rules;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.ecs.TestTaskDefinitions;
import io.github.ecspreflight.image.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A module in a repository, as a reactor lays it out: {@code <repo>/.git}, {@code <repo>/services/orders/pom.xml} and
 * {@code <repo>/services/orders/ecs/task-definition.json} (from {@code src/test/resources/report/}), and results with
 * findings made to measure, so that every report shape can be checked exactly.
 */
final class ReportFixtures {

    static final String TASK_FILE = "ecs/task-definition.json";
    static final String IMAGE = "docker-archive:target/jib-image.tar";
    static final String DIGEST = "sha256:" + "ab".repeat(32);
    /** A container environment value in the fixture that no report may hold. */
    static final String SECRET = "report-s3cr3t-never-written";

    private ReportFixtures() {}

    /** Lays out the repository under {@code work}; returns the module's base directory. */
    static Path module(Path work) throws IOException {
        Path repository = work.resolve("repo");
        Files.createDirectories(repository.resolve(".git"));
        Path base = repository.resolve("services/orders");
        Files.createDirectories(base.resolve("ecs"));
        Files.writeString(base.resolve("pom.xml"), "<project/>\n");
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/report/task-definition.json")) {
            Files.copy(in, base.resolve(TASK_FILE));
        }
        return base;
    }

    static Candidate task(Path base) throws PreflightException {
        return TestTaskDefinitions.load(base, TASK_FILE);
    }

    static CheckResult result(Path base, Finding... findings) throws PreflightException {
        return result(base, false, findings);
    }

    /** A result with these findings, every other rule passed; failed as the plugin fails it. */
    static CheckResult result(Path base, boolean failOnWarning, Finding... findings) throws PreflightException {
        return result(base, failOnWarning, new Outcomes(), findings);
    }

    /** A result whose rules without findings have the outcomes given (skipped, not run), else passed. */
    static CheckResult result(Path base, boolean failOnWarning, Outcomes given, Finding... findings)
            throws PreflightException {
        Candidate deployed = task(base);
        TaskDefinition task = deployed.taskDefinition();
        List<Outcome> outcomes = new ArrayList<>();
        for (Rule rule : Rules.all()) {
            boolean found = Stream.of(findings).anyMatch(f -> f.rule().equals(rule));
            outcomes.add(
                    found
                            ? new Outcome(rule, Outcome.Status.FAILED, null)
                            : given.of(rule).orElse(new Outcome(rule, Outcome.Status.PASSED, null)));
        }
        return new CheckResult(
                new CheckResult.CheckedImage(IMAGE, DIGEST, List.of(Platform.LINUX_ARM64)),
                new CheckResult.CheckedTask(
                        task.source(),
                        task.family(),
                        task.revision(),
                        TaskPlatform.resolve(deployed, List.of()).ecsArchitecture(),
                        "LINUX",
                        task.requiresCompatibilities(),
                        task.format()),
                "app",
                List.of(findings),
                outcomes,
                failOnWarning,
                245);
    }

    /** Rules skipped or not run, as a check decided them (the check's own tests decide when). */
    static final class Outcomes {

        private final Map<Rule, Outcome> outcomes = new LinkedHashMap<>();

        Outcomes skipped(Rule... rules) {
            for (Rule rule : rules) {
                outcomes.put(rule, new Outcome(rule, Outcome.Status.SKIPPED, rule.id() + " skipped by skipRules"));
            }
            return this;
        }

        Outcomes notRun(String reason, Rule... rules) {
            for (Rule rule : rules) {
                outcomes.put(rule, new Outcome(rule, Outcome.Status.NOT_RUN, reason));
            }
            return this;
        }

        Optional<Outcome> of(Rule rule) {
            return Optional.ofNullable(outcomes.get(rule));
        }
    }

    static Finding ep001(int line) {
        return Finding.of(
                PlatformRules.EP001,
                "Image " + IMAGE + " is built for linux/arm64 but the task runs on X86_64: "
                        + "Fargate runs X86_64 when runtimePlatform.cpuArchitecture is absent. The kernel refuses its entrypoint "
                        + "with \"exec format error\" and the task stops with \"Essential container in task exited\".",
                new SourceLocation(TASK_FILE, line),
                "build for linux/amd64 with Jib: <from><platforms><platform><os>linux</os><architecture>amd64"
                        + "</architecture></platform></platforms></from>");
    }

    static Finding ep101(int line) {
        return Finding.of(
                LoggingRules.EP101,
                "Essential container 'app' has no logConfiguration: nobody can see why it " + "exits.",
                new SourceLocation(TASK_FILE, line),
                "add \"logConfiguration\": {\"logDriver\": \"awslogs\", ...}");
    }

    static Finding ep201(int line) {
        return Finding.of(
                ImageReferenceRule.EP201,
                "No container of " + TASK_FILE + " references the built image's repository "
                        + "'my-service'; container 'app' runs 'orders:1.0'.",
                new SourceLocation(TASK_FILE, line),
                "point container 'app' at my-service, or name the container with ecsPreflight.containerName");
    }

    /** An image-only finding: no file location. */
    static Finding ep006WithoutLocation() {
        return Finding.of(
                EntrypointRules.EP006,
                "The entrypoint /app/hello is not executable (mode 0644).",
                null,
                "give it the execute bit: Jib <extraDirectories><permissions>");
    }

    static ReportContext context(Path base) {
        return new ReportContext(base);
    }
}
