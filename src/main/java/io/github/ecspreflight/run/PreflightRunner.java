package io.github.ecspreflight.run;

import io.github.ecspreflight.aws.LiveSources;
import io.github.ecspreflight.check.CheckContext;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Checks;
import io.github.ecspreflight.check.Outcome;
import io.github.ecspreflight.check.Rules;
import io.github.ecspreflight.common.BuildLog;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.Candidates;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.ContainerSelector;
import io.github.ecspreflight.ecs.TaskDefinitionChoice;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.ecs.sources.TaskDefinitionLoader;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.ManifestChoice;
import io.github.ecspreflight.image.open.ImageOpener;
import io.github.ecspreflight.report.ReportContext;
import io.github.ecspreflight.report.Reports;
import java.io.IOException;
import java.util.List;

/**
 * One check, as data flows through it: open the image; read the task-definition candidates (knowing nothing of the
 * image); select the task definition and the container (the one step that uses the image's repository); resolve the
 * platform ECS runs the task on; pick the manifest it would pull; run the rules; write the reports, which only read
 * the result.
 */
public final class PreflightRunner {

    private PreflightRunner() {}

    public static CheckResult run(PreflightRequest request) throws PreflightException {
        long start = System.nanoTime();
        ImageReference reference = ImageReference.parse(request.image());
        CheckResult result;
        BuildLog log = request.log();
        try (Image image = new ImageOpener(request.baseDirectory(), request.registries(), request.sources(), log)
                .open(reference)) {
            log.debug("ecs-preflight: reading " + request.taskDefinition().describe());
            Candidates candidates = new TaskDefinitionLoader(
                            request.baseDirectory(),
                            LiveSources.create(
                                    request.aws(), request.taskDefinition().cluster()))
                    .candidates(request.taskDefinition());
            if (log.isDebugEnabled()) {
                log.debug("ecs-preflight: " + request.taskDefinition().describe() + ": " + candidates.describe());
            }
            result = check(image, candidates, request.options());
        } catch (IOException e) {
            throw new PreflightException("image " + reference + ": cannot close (" + e.getMessage() + ")", e);
        }
        result = result.withDuration((System.nanoTime() - start) / 1_000_000);
        if (request.aws().offline()) {
            List<String> live = result.outcomes().stream()
                    .filter(o -> o.status() == Outcome.Status.NOT_RUN && Rules.answeredOnlyByAws(o.rule()))
                    .map(o -> o.rule().id())
                    .toList();
            if (!live.isEmpty()) {
                log.info("ecs-preflight: mvn -o (offline): " + String.join(", ", live)
                        + " need AWS's own answers and were not run; run online with a live source (ecs:FAMILY) to "
                        + "check them");
            }
        }
        try {
            Reports.write(
                    result,
                    request.reportDirectory(),
                    request.reportFormats(),
                    new ReportContext(request.baseDirectory()));
        } catch (IOException e) {
            throw new PreflightException(
                    "reportDirectory " + request.reportDirectory() + ": cannot write the reports (" + e.getMessage()
                            + ")",
                    e);
        }
        return result;
    }

    /** The steps between reading and reporting: select, resolve the platform, pick the manifest, run the rules. */
    public static CheckResult check(Image image, Candidates candidates, CheckOptions options)
            throws PreflightException {
        String repository = image.repository().orElse(null);
        Candidate deployed = TaskDefinitionChoice.select(candidates, repository);
        ContainerDefinition container =
                ContainerSelector.select(deployed.taskDefinition(), options.containerName(), repository);
        TaskPlatform target = TaskPlatform.resolve(deployed, image.platforms());
        ManifestChoice manifest = image.choose(target.platform());
        return Checks.run(new CheckContext(image, manifest, deployed, container, target, options));
    }
}
