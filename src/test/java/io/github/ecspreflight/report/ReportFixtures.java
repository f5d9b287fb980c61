package io.github.ecspreflight.report;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Finding;
import io.github.ecspreflight.check.Rule;
import io.github.ecspreflight.check.Severity;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.sources.TaskDefinitionLoader;
import io.github.ecspreflight.image.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

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

    static TaskDefinition task(Path base) throws PreflightException {
        return new TaskDefinitionLoader(base).load(TASK_FILE);
    }

    static CheckResult result(Path base, Finding... findings) throws PreflightException {
        return result(base, false, findings);
    }

    /** A result whose verdict is the plugin's: failed on an error, or on a warning with {@code failOnWarning}. */
    static CheckResult result(Path base, boolean failOnWarning, Finding... findings) throws PreflightException {
        boolean failed = List.of(findings).stream().anyMatch(f -> f.severity() == Severity.ERROR
                || (failOnWarning && f.severity() == Severity.WARNING));
        return new CheckResult(IMAGE, DIGEST, List.of(Platform.LINUX_ARM64), task(base), "app", List.of(findings),
                failed, 245);
    }

    static Finding ep001(int line) {
        return Finding.of(Rule.EP001, "Image " + IMAGE + " is built for linux/arm64 but the task runs on X86_64: "
                + "Fargate runs X86_64 when runtimePlatform.cpuArchitecture is absent. The kernel refuses its entrypoint "
                + "with \"exec format error\" and the task stops with \"Essential container in task exited\".",
                new SourceLocation(TASK_FILE, line),
                "build for linux/amd64 with Jib: <from><platforms><platform><os>linux</os><architecture>amd64"
                        + "</architecture></platform></platforms></from>");
    }

    static Finding ep101(int line) {
        return Finding.of(Rule.EP101, "Essential container 'app' has no logConfiguration: nobody can see why it "
                + "exits.", new SourceLocation(TASK_FILE, line),
                "add \"logConfiguration\": {\"logDriver\": \"awslogs\", ...}");
    }

    static Finding ep201(int line) {
        return Finding.of(Rule.EP201, "No container of " + TASK_FILE + " references the built image's repository "
                + "'my-service'; container 'app' runs 'orders:1.0'.", new SourceLocation(TASK_FILE, line),
                "point container 'app' at my-service, or name the container with ecsPreflight.containerName");
    }

    /** An image-only finding: no file location. */
    static Finding ep006WithoutLocation() {
        return Finding.of(Rule.EP006, "The entrypoint /app/hello is not executable (mode 0644).", null,
                "give it the execute bit: Jib <extraDirectories><permissions>");
    }

    static ReportContext context(Path base) {
        return new ReportContext(base, Set.of(), true, false);
    }
}
