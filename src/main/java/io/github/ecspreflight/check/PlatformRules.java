package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.ManifestChoice;
import io.github.ecspreflight.image.Platform;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * EP001, EP002, EP003 and EP007: can the image's platform run where ECS will start the task? A single manifest is
 * judged by its config; an index by whether it has an entry for the target, and that entry again by its config.
 */
public final class PlatformRules implements RuleFamily {

    public static final Rule EP001 = Rule.of(
            "EP001",
            Severity.ERROR,
            "platform",
            "Image platform differs from the task's CPU architecture",
            "The image was built for another CPU than the one ECS runs the task on; the container dies with "
                    + "\"exec format error\".");
    public static final Rule EP002 = Rule.of(
            "EP002",
            Severity.ERROR,
            "platform",
            "Image OS differs from the task's operating system family",
            "A Linux image cannot start on a Windows task and a Windows image needs the matching Windows Server version.");
    public static final Rule EP003 = Rule.of(
            "EP003",
            Severity.ERROR,
            "platform",
            "Image index lacks the task's platform",
            "The multi-platform image has no manifest for the platform ECS runs the task on.");
    public static final Rule EP007 = Rule.of(
            "EP007",
            Severity.WARNING,
            "platform",
            "Target CPU architecture unknown",
            "Nothing in the task definition fixes the CPU architecture, so ECS may place it on any.");

    private static final String EXEC_FORMAT = "ECS starts the container, the kernel refuses its entrypoint with "
            + "\"exec format error\" and the task stops with \"Essential container in task exited\"";

    @Override
    public List<Rule> rules() {
        return List.of(EP001, EP002, EP003, EP007);
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) {
        Image image = context.image();
        TaskDefinition task = context.task();
        TaskPlatform target = context.target();
        CheckOptions options = context.options();
        String where = context.imageReference();
        if (!target.known()) {
            verdicts.report(Finding.of(
                    EP007,
                    "The task's CPU architecture cannot be known: " + target.reason()
                            + ". The image offers " + describe(image.platforms())
                            + "; on an instance of another CPU the "
                            + "container dies with \"exec format error\".",
                    target.location(),
                    Remedies.pinArchitecture(task, onlyArchitecture(image))));
            verdicts.notRun(List.of(EP001, EP002, EP003), "the task's CPU architecture cannot be known (EP007)");
            return;
        }
        Platform wanted = target.platform();
        String ecsArch = TaskPlatform.ecsArchitecture(wanted.architecture());
        ManifestChoice choice = context.manifest();
        if (choice.missingFromIndex()) {
            verdicts.report(Finding.of(
                    EP003,
                    "Image index " + where + " has no " + wanted.os() + "/"
                            + wanted.architecture() + " manifest; it offers " + describe(image.platforms()) + ". "
                            + target.reason()
                            + ", so ECS cannot pull an image for this task: \"CannotPullContainerError: "
                            + "no matching manifest for " + wanted.os() + "/" + wanted.architecture() + "\".",
                    target.location(),
                    Remedies.addPlatform(
                            options.imageBuilder(),
                            wanted,
                            task,
                            TaskPlatform.ecsArchitecture(onlyArchitecture(image)))));
            verdicts.notRun(List.of(EP001, EP002), "the image index has no manifest for the task's platform (EP003)");
            return;
        }
        ImageManifest manifest = choice.manifest().orElseThrow();
        Platform actual = manifest.config().platform();
        String claimed = choice.fromIndex()
                ? " (its index entry claims " + choice.entry().platform() + ")"
                : "";

        // An operatingSystemFamily known only at deployment may well match: no finding is invented.
        boolean osUnknown = TaskDefinition.isUnknown(task.operatingSystemFamily());
        if (osUnknown) {
            verdicts.notRun(
                    EP002,
                    "operatingSystemFamily is " + task.operatingSystemFamily()
                            + ", which cannot be known before deployment");
        }
        if (!actual.os().equals(wanted.os()) && !osUnknown) {
            verdicts.report(Finding.of(
                    EP002,
                    "Image " + where + " is a " + actual.os() + " image" + claimed
                            + " but the task runs " + target.os() + " (" + familyOf(task) + "); ECS cannot start a "
                            + actual.os()
                            + " container there and the task stops with \"Essential container in task exited\".",
                    task.locations().operatingSystemFamily(),
                    Remedies.matchOs(options.imageBuilder(), wanted)));
        }
        // the wrong CPU is a second, independent reason (a linux/arm64 image on an X86_64 Windows task): reported too,
        // and still reported when EP002 is skipped
        if (!actual.architecture().equals(wanted.architecture())
                || !Objects.equals(actual.variant(), wanted.variant())) {
            verdicts.report(Finding.of(
                    EP001,
                    "Image " + where + " is built for " + actual.os() + "/"
                            + actual.architecture() + (actual.variant() == null ? "" : "/" + actual.variant()) + claimed
                            + " but the task runs on " + ecsArch + ": " + target.reason() + ". " + EXEC_FORMAT + ".",
                    target.location(),
                    Remedies.matchArchitecture(options.imageBuilder(), task, wanted, actual)));
            return;
        }
        if ("windows".equals(wanted.os())
                && "windows".equals(actual.os())
                && wanted.osVersion() != null
                && actual.osVersion() != null
                && !actual.osVersion().startsWith(wanted.osVersion())) {
            verdicts.report(Finding.of(
                    EP002,
                    "Image " + where + " is built on Windows " + actual.osVersion()
                            + " but the task runs " + familyOf(task) + " (" + wanted.osVersion()
                            + "); Windows containers need "
                            + "the host's build and the task stops with \"Essential container in task exited\".",
                    task.locations().operatingSystemFamily(),
                    Remedies.matchWindowsBuild(wanted.osVersion())));
        }
    }

    /**
     * Whether the image runs on the task's platform as far as its config tells: what the entrypoint walk needs before
     * it reads the image further, judged on the same data as the findings above.
     */
    /**
     * The CPU the container runs on: the task's, or the image's own when the task's cannot be known (EP007 says so),
     * since the entrypoint and the libraries are then judged for the one machine the image is built for.
     */
    static String architecture(CheckContext context) {
        return context.target().known()
                ? context.target().platform().architecture()
                : context.manifest()
                        .manifest()
                        .orElseThrow()
                        .config()
                        .platform()
                        .architecture();
    }

    static boolean fits(CheckContext context) {
        ManifestChoice choice = context.manifest();
        if (choice.manifest().isEmpty()) {
            return false;
        }
        if (!context.target().known()) {
            return true;
        }
        Platform wanted = context.target().platform();
        Platform actual = choice.manifest().get().config().platform();
        boolean osFits = actual.os().equals(wanted.os())
                || TaskDefinition.isUnknown(context.task().operatingSystemFamily());
        boolean windowsBuildFits = !"windows".equals(wanted.os())
                || wanted.osVersion() == null
                || actual.osVersion() == null
                || actual.osVersion().startsWith(wanted.osVersion());
        return osFits
                && windowsBuildFits
                && actual.architecture().equals(wanted.architecture())
                && Objects.equals(actual.variant(), wanted.variant());
    }

    private static String familyOf(TaskDefinition task) {
        return task.operatingSystemFamily() == null ? "LINUX, the default" : task.operatingSystemFamily();
    }

    /** The image's architecture when it offers one (a fix can then match the task to it), else arm64. */
    private static String onlyArchitecture(Image image) {
        List<String> architectures = image.platforms().stream()
                .map(Platform::architecture)
                .distinct()
                .toList();
        return architectures.size() == 1 ? architectures.get(0) : "arm64";
    }

    static String describe(List<Platform> platforms) {
        return platforms.isEmpty()
                ? "no platform"
                : platforms.stream().map(Platform::toString).collect(Collectors.joining(", "));
    }
}
