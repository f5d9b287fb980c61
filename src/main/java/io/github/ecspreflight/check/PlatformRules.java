package io.github.ecspreflight.check;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.Descriptor;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.Platform;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * EP001, EP002, EP003 and EP007: can the image's platform run where ECS will start the task? A single manifest is
 * judged by its config; an index by whether it has an entry for the target, and that entry again by its config.
 */
final class PlatformRules {

    private static final String EXEC_FORMAT = "ECS starts the container, the kernel refuses its entrypoint with "
            + "\"exec format error\" and the task stops with \"Essential container in task exited\"";

    private PlatformRules() {}

    /** The findings, and the manifest the task would run (empty when none fits). */
    record Outcome(List<Finding> findings, Optional<ImageManifest> manifest) {}

    static Outcome check(Image image, TaskDefinition task, TaskPlatform target, CheckOptions options)
            throws PreflightException {
        String where = image.reference().toString();
        if (!target.known()) {
            Finding unknown = Finding.of(Rule.EP007, "The task's CPU architecture cannot be known: " + target.reason()
                    + ". The image offers " + describe(image.platforms()) + "; on an instance of another CPU the "
                    + "container dies with \"exec format error\".", target.location(),
                    "pin it: " + Remedies.runTaskOn(task, TaskPlatform.ecsArchitecture(onlyArchitecture(image)))
                            + ", or add the placement constraint memberOf attribute:ecs.cpu-architecture == "
                            + ecsAttributeValue(onlyArchitecture(image)));
            Optional<ImageManifest> manifest = image.isIndex() ? Optional.empty()
                    : Optional.of(image.manifest(image.entries().get(0)));
            return new Outcome(List.of(unknown), manifest);
        }
        Platform wanted = target.platform();
        String ecsArch = TaskPlatform.ecsArchitecture(wanted.architecture());
        Optional<Descriptor> entry = image.entryFor(wanted);
        if (image.isIndex() && entry.isEmpty()) {
            Finding missing = Finding.of(Rule.EP003, "Image index " + where + " has no " + wanted.os() + "/"
                    + wanted.architecture() + " manifest; it offers " + describe(image.platforms()) + ". "
                    + target.reason() + ", so ECS cannot pull an image for this task: \"CannotPullContainerError: "
                    + "no matching manifest for " + wanted.os() + "/" + wanted.architecture() + "\".",
                    target.location(),
                    Remedies.addPlatform(options.imageBuilder(), wanted.os() + "/" + wanted.architecture())
                            + "; or " + Remedies.runTaskOn(task, TaskPlatform.ecsArchitecture(onlyArchitecture(image))));
            return new Outcome(List.of(missing), Optional.empty());
        }
        ImageManifest manifest = image.manifest(entry.orElse(image.entries().get(0)));
        Platform actual = manifest.config().platform();
        String claimed = image.isIndex() ? " (its index entry claims " + entry.get().platform() + ")" : "";

        // An operatingSystemFamily known only at deployment may well match: no finding is invented.
        if (!actual.os().equals(wanted.os()) && !TaskDefinition.isUnknown(task.operatingSystemFamily())) {
            return new Outcome(List.of(Finding.of(Rule.EP002, "Image " + where + " is a " + actual.os()
                    + " image" + claimed + " but the task runs " + target.os() + " (" + familyOf(task) + "); "
                    + "ECS cannot start a " + actual.os() + " container there and the task stops with "
                    + "\"Essential container in task exited\".", task.locations().operatingSystemFamily(),
                    Remedies.buildFor(options.imageBuilder(), wanted.os(), wanted.architecture())
                            + ", or set runtimePlatform.operatingSystemFamily to match the image")), Optional.of(manifest));
        }
        if (!actual.architecture().equals(wanted.architecture()) || !java.util.Objects.equals(actual.variant(), wanted.variant())) {
            String actualArch = TaskPlatform.ecsArchitecture(actual.architecture());
            String fix = Remedies.buildFor(options.imageBuilder(), wanted.os(), wanted.architecture());
            if ("arm64".equals(actual.architecture()) || "amd64".equals(actual.architecture())) {
                fix += "; or " + Remedies.runTaskOn(task, actualArch);
            }
            fix += "; " + Remedies.buildInCi(ecsArch);
            return new Outcome(List.of(Finding.of(Rule.EP001, "Image " + where + " is built for " + actual.os() + "/"
                    + actual.architecture() + (actual.variant() == null ? "" : "/" + actual.variant()) + claimed
                    + " but the task runs on " + ecsArch + ": " + target.reason() + ". " + EXEC_FORMAT + ".",
                    target.location(), fix)), Optional.of(manifest));
        }
        if ("windows".equals(wanted.os()) && wanted.osVersion() != null && actual.osVersion() != null
                && !actual.osVersion().startsWith(wanted.osVersion())) {
            return new Outcome(List.of(Finding.of(Rule.EP002, "Image " + where + " is built on Windows "
                    + actual.osVersion() + " but the task runs " + familyOf(task) + " (" + wanted.osVersion()
                    + "); Windows containers need the host's build and the task stops with "
                    + "\"Essential container in task exited\".", task.locations().operatingSystemFamily(),
                    "build FROM a base image for " + wanted.osVersion() + ", or set operatingSystemFamily to the "
                            + "image's Windows Server version")), Optional.of(manifest));
        }
        return new Outcome(List.of(), Optional.of(manifest));
    }

    private static String familyOf(TaskDefinition task) {
        return task.operatingSystemFamily() == null ? "LINUX, the default" : task.operatingSystemFamily();
    }

    /** The image's architecture when it offers one (a fix can then match the task to it), else arm64. */
    private static String onlyArchitecture(Image image) {
        List<String> architectures = image.platforms().stream().map(Platform::architecture).distinct().toList();
        return architectures.size() == 1 ? architectures.get(0) : "arm64";
    }

    /** ECS's {@code ecs.cpu-architecture} instance attribute says {@code x86_64} or {@code arm64}. */
    private static String ecsAttributeValue(String architecture) {
        return "amd64".equals(architecture) ? "x86_64" : architecture;
    }

    static String describe(List<Platform> platforms) {
        return platforms.isEmpty() ? "no platform" : platforms.stream().map(Platform::toString).collect(Collectors.joining(", "));
    }
}
