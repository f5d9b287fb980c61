package io.github.ecspreflight.run;

import io.github.ecspreflight.aws.AwsSettings;
import io.github.ecspreflight.check.CheckOptions;
import io.github.ecspreflight.common.BuildLog;
import io.github.ecspreflight.ecs.TaskDefinitionQuery;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.registry.SourceEnvironment;
import io.github.ecspreflight.report.ReportFormat;
import java.nio.file.Path;
import java.util.Set;

/**
 * Everything one check needs, free of Maven types so that the core can be driven and tested without Maven.
 *
 * @param image the image reference, transport-prefixed as skopeo writes it
 * @param taskDefinition which task definition; its {@code builtRepository} is filled in from the image
 * @param baseDirectory relative paths resolve against it (the project's base directory)
 * @param reportDirectory where the reports are written
 * @param sources where registry and daemon images are looked for and kept (Docker config, layer cache, docker CLI)
 * @param log what the check opens, reads and requests, at debug level; download progress
 */
public record PreflightRequest(
        String image,
        TaskDefinitionQuery taskDefinition,
        Path baseDirectory,
        Path reportDirectory,
        Set<ReportFormat> reportFormats,
        RegistryAccess registries,
        SourceEnvironment sources,
        AwsSettings aws,
        CheckOptions options,
        BuildLog log) {

    public PreflightRequest {
        reportFormats = Set.copyOf(reportFormats);
        sources = sources == null ? SourceEnvironment.fromSystem() : sources;
        log = log == null ? BuildLog.NONE : log;
    }

    /** With this process's sources, logging what {@code aws} logs to. */
    public PreflightRequest(
            String image,
            TaskDefinitionQuery taskDefinition,
            Path baseDirectory,
            Path reportDirectory,
            Set<ReportFormat> reportFormats,
            RegistryAccess registries,
            AwsSettings aws,
            CheckOptions options) {
        this(
                image,
                taskDefinition,
                baseDirectory,
                reportDirectory,
                reportFormats,
                registries,
                null,
                aws,
                options,
                aws.log());
    }
}
