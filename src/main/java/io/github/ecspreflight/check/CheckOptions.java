package io.github.ecspreflight.check;

import java.util.Set;

/**
 * How to check.
 *
 * @param containerName the container the image runs in; null to choose it as {@link io.github.ecspreflight.ecs.ContainerSelector} does
 * @param allowedLogDrivers log drivers accepted by EP102
 * @param skipRules rules not to run
 */
public record CheckOptions(
        String containerName,
        Set<String> allowedLogDrivers,
        Set<Rule> skipRules,
        boolean checkEntrypoint,
        boolean failOnWarning,
        ImageBuilder imageBuilder) {

    public CheckOptions {
        allowedLogDrivers = Set.copyOf(allowedLogDrivers);
        skipRules = Set.copyOf(skipRules);
    }

    public static CheckOptions defaults() {
        return new CheckOptions(null, Set.of("awslogs"), Set.of(), true, false, ImageBuilder.DOCKER);
    }
}
