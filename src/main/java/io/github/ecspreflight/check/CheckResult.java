package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Platform;
import java.util.List;

/**
 * What a check decided, whole: what was checked, every finding, an outcome for every rule, and whether the build
 * fails. The reports only read it.
 *
 * @param image the image as the user named it and what it offers
 * @param taskDefinition the task definition checked, with the platform ECS runs it on
 * @param container the container the image was checked in
 * @param failOnWarning whether warnings fail the build, as {@link #failing()} applies it
 */
public record CheckResult(
        CheckedImage image,
        CheckedTask taskDefinition,
        String container,
        List<Finding> findings,
        List<Outcome> outcomes,
        boolean failOnWarning,
        long durationMillis) {

    /**
     * @param digest null when the image layout names none
     */
    public record CheckedImage(String reference, String digest, List<Platform> platforms) {

        public CheckedImage {
            platforms = List.copyOf(platforms);
        }
    }

    /**
     * @param source the task definition as the user named it
     * @param cpuArchitecture the effective one ({@code X86_64} on Fargate without runtimePlatform), as written when it
     *     is known only at deployment, null when ECS itself may pick any
     * @param operatingSystemFamily the effective one ({@code LINUX} when absent)
     * @param requiresCompatibilities what ECS launches it with: the service's launch type when a service was asked
     * @param format what it was read from: a live one names no file in the repository
     */
    public record CheckedTask(
            String source,
            String family,
            Integer revision,
            String cpuArchitecture,
            String operatingSystemFamily,
            List<String> requiresCompatibilities,
            TaskDefinition.Format format) {

        public CheckedTask {
            requiresCompatibilities = List.copyOf(requiresCompatibilities);
        }

        public boolean live() {
            return format == TaskDefinition.Format.LIVE;
        }
    }

    public CheckResult {
        findings = List.copyOf(findings);
        outcomes = List.copyOf(outcomes);
    }

    public CheckResult withDuration(long millis) {
        return new CheckResult(image, taskDefinition, container, findings, outcomes, failOnWarning, millis);
    }

    /** The findings that fail the build: every error, and with {@code failOnWarning} every warning. */
    public List<Finding> failing() {
        return findings.stream()
                .filter(f -> SeverityPolicy.failsBuild(f, failOnWarning))
                .toList();
    }

    public boolean failed() {
        return !failing().isEmpty();
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }

    /** The image as the user named it. */
    public String imageReference() {
        return image.reference();
    }

    public Outcome outcome(Rule rule) {
        return outcomes.stream().filter(o -> o.rule().equals(rule)).findFirst().orElseThrow();
    }
}
