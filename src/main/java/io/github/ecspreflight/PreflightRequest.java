package io.github.ecspreflight;

import io.github.ecspreflight.check.CheckOptions;
import java.nio.file.Path;

/**
 * Everything one check needs, free of Maven types so that the core can be driven and tested without Maven.
 *
 * @param image the image reference, transport-prefixed as skopeo writes it
 * @param taskDefinition a file, or a live source
 * @param baseDirectory relative paths resolve against it (the project's base directory)
 * @param reportDirectory where report.json is written
 */
public record PreflightRequest(
        String image, String taskDefinition, Path baseDirectory, Path reportDirectory, CheckOptions options) {}
