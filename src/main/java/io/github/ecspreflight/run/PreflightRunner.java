package io.github.ecspreflight.run;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.ClusterPlacement;
import io.github.ecspreflight.check.Preflight;
import io.github.ecspreflight.aws.LiveSources;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.sources.TaskDefinitionLoader;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.open.ImageOpener;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.report.ReportContext;
import io.github.ecspreflight.report.Reports;
import java.io.IOException;

/** Reads the image and the task definition, checks them, and writes the reports. */
public final class PreflightRunner {

    private PreflightRunner() {}

    public static CheckResult run(PreflightRequest request) throws PreflightException {
        long start = System.nanoTime();
        ImageReference reference = ImageReference.parse(request.image());
        CheckResult result;
        try (Image image = new ImageOpener(request.baseDirectory(), request.registries()).open(reference)) {
            // The image first: the repository it names picks the task definition when a source holds several.
            TaskDefinitionQuery query = request.taskDefinition();
            TaskDefinition task = new TaskDefinitionLoader(request.baseDirectory(),
                    LiveSources.create(request.aws(), query.cluster()))
                    .load(new TaskDefinitionQuery(query.source(), query.resource(), query.cluster(), query.service(),
                            image.repository().orElse(null)));
            // A mixed EC2 cluster: judge the image on the CPU it cannot run on, where ECS may place the task.
            task = ClusterPlacement.judgeWhereImageCannotRun(task, image.platforms());
            result = Preflight.check(image, task, request.options());
        } catch (IOException e) {
            throw new PreflightException("image " + reference + ": cannot close (" + e.getMessage() + ")", e);
        }
        result = result.withDuration((System.nanoTime() - start) / 1_000_000);
        try {
            Reports.write(result, request.reportDirectory(), request.reportFormats(),
                    ReportContext.of(request.baseDirectory(), request.options()));
        } catch (IOException e) {
            throw new PreflightException("reportDirectory " + request.reportDirectory() + ": cannot write the reports ("
                    + e.getMessage() + ")", e);
        }
        return result;
    }
}
