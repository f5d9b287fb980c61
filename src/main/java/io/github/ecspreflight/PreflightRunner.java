package io.github.ecspreflight;

import io.github.ecspreflight.check.CheckResult;
import io.github.ecspreflight.check.Preflight;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskDefinitionLoader;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageOpener;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.report.JsonReport;
import java.io.IOException;

/** Reads the task definition and the image, checks them, and writes the reports. */
public final class PreflightRunner {

    private PreflightRunner() {}

    public static CheckResult run(PreflightRequest request) throws PreflightException {
        long start = System.nanoTime();
        // The task definition first: it is cheap, and its errors are the likelier ones.
        TaskDefinition task = new TaskDefinitionLoader(request.baseDirectory()).load(request.taskDefinition());
        ImageReference reference = ImageReference.parse(request.image());
        CheckResult result;
        try (Image image = new ImageOpener(request.baseDirectory()).open(reference)) {
            result = Preflight.check(image, task, request.options());
        } catch (IOException e) {
            throw new PreflightException("image " + reference + ": cannot close (" + e.getMessage() + ")", e);
        }
        result = result.withDuration((System.nanoTime() - start) / 1_000_000);
        try {
            JsonReport.write(result, request.reportDirectory());
        } catch (IOException e) {
            throw new PreflightException("reportDirectory " + request.reportDirectory() + ": cannot write "
                    + JsonReport.FILE_NAME + " (" + e.getMessage() + ")", e);
        }
        return result;
    }
}
