package io.github.ecspreflight.check;

import io.github.ecspreflight.binary.ElfExecutable;
import io.github.ecspreflight.binary.ExecutableFormat;
import io.github.ecspreflight.binary.ShebangScript;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.fs.FileEntry;
import io.github.ecspreflight.image.fs.ImageFilesystem;
import io.github.ecspreflight.image.fs.PathResolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * EP011: can the container's health check run at all? ECS runs {@code CMD} as an exec inside the container and
 * {@code CMD-SHELL} through {@code /bin/sh -c}. A program the image lacks, or one it cannot execute, fails every
 * check: the container turns UNHEALTHY and, being essential, its task is stopped and replaced over and over. The
 * program is found as the runtime finds it ({@code PATH}, symlinks, the execute bit), and read as the kernel reads
 * it (the CPU, the ELF loader, a {@code #!} interpreter).
 */
public final class HealthCheckRules implements RuleFamily {

    public static final Rule EP011 = Rule.of(
            "EP011",
            Severity.ERROR,
            "health-check",
            "Health check cannot run in the image",
            "The health check's command needs a program (/bin/sh for CMD-SHELL, the executable for CMD) that the image "
                    + "lacks or cannot run.");

    static final String SHELL = "/bin/sh";

    /** Shell words that are not programs: builtins and keywords a CMD-SHELL command may start with. */
    private static final Set<String> SHELL_WORDS = Set.of(
            "exit", "test", "[", "[[", "echo", "printf", "true", "false", ":", "cd", "command", "set", "export", "if",
            "!", "exec", "read", "eval", "source", ".", "for", "while", "case", "type", "kill", "wait");

    private static final List<Rule> RULES = List.of(EP011);

    private static final String UNHEALTHY =
            "every check fails, ECS marks the container UNHEALTHY and, for an essential "
                    + "container, stops the task (\"Task failed container health checks\") and starts another, over and over";

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public void prepare(CheckContext context) {
        List<String> command = context.container().runtime().healthCheck();
        if (context.filesystem() != null && command != null && !command.isEmpty()) {
            List<String> paths = new ArrayList<>();
            if ("CMD-SHELL".equals(command.get(0))) {
                paths.add(SHELL);
            }
            context.filesystem().alsoExpect(paths);
        }
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) throws PreflightException {
        ContainerDefinition container = context.container();
        List<String> command = container.runtime().healthCheck();
        if (command == null || command.isEmpty()) {
            verdicts.notRun(EP011, "the container has no healthCheck");
            return;
        }
        if (command.stream().anyMatch(TaskDefinition::isUnknown)) {
            verdicts.notRun(EP011, "the health check's command is known only once deployed");
            return;
        }
        String form = command.get(0);
        if (form.equals("NONE")) {
            return;
        }
        if (context.filesystem() == null || !PlatformRules.fits(context)) {
            verdicts.notRun(
                    EP011, "no one manifest of the image runs on the task's platform, so its files are not read");
            return;
        }
        ImageManifest manifest = context.manifest().manifest().orElseThrow();
        EffectiveCommand environment = EffectiveCommand.of(container, manifest.config());
        Check check = new Check(
                context.filesystem(),
                PlatformRules.architecture(context),
                environment,
                container.runtime().healthCheckAt() != null
                        ? container.runtime().healthCheckAt()
                        : container.location(),
                context.imageReference(),
                verdicts);
        if (form.equals("CMD") && command.size() > 1) {
            check.program(command.get(1), "the health check's CMD program " + command.get(1));
        } else if (form.equals("CMD-SHELL") && command.size() > 1) {
            if (check.program(SHELL, "the shell a CMD-SHELL health check runs in, " + SHELL)) {
                String word = firstWord(command.get(1));
                if (word != null) {
                    check.program(word, "the program " + word + " the CMD-SHELL health check starts with");
                }
            }
        } else {
            verdicts.report(Finding.of(
                    EP011,
                    "The health check's command starts with " + Messages.printable(form) + ", which is neither CMD, "
                            + "CMD-SHELL nor NONE: ECS refuses to register the task definition.",
                    check.at,
                    Remedies.healthCheckForm()));
        }
    }

    /** The program a shell command starts with, when it is a plain word that must be on PATH; null otherwise. */
    static String firstWord(String shellCommand) {
        String trimmed = shellCommand.strip();
        int end = 0;
        while (end < trimmed.length()
                && !Character.isWhitespace(trimmed.charAt(end))
                && ";|&<>()".indexOf(trimmed.charAt(end)) < 0) {
            end++;
        }
        String word = trimmed.substring(0, end);
        if (word.isEmpty() || !word.matches("[A-Za-z0-9._/+-]+") || SHELL_WORDS.contains(word) || word.contains("=")) {
            return null;
        }
        return word;
    }

    /** Whether one program of the health check can be started, reporting EP011 when not. */
    private static final class Check {
        private final ImageFilesystem filesystem;
        private final String architecture;
        private final EffectiveCommand environment;
        private final SourceLocation at;
        private final String where;
        private final Verdicts verdicts;

        Check(
                ImageFilesystem filesystem,
                String architecture,
                EffectiveCommand environment,
                SourceLocation at,
                String imageReference,
                Verdicts verdicts) {
            this.filesystem = filesystem;
            this.architecture = architecture;
            this.environment = environment;
            this.at = at;
            this.where = " in image " + imageReference;
            this.verdicts = verdicts;
        }

        /** True when the program can be started. */
        boolean program(String program, String role) throws PreflightException {
            EffectiveCommand lookup = new EffectiveCommand(
                    List.of(program), environment.path(), environment.workingDirectory(), "the health check");
            if (!program.startsWith("/") && TaskDefinition.isUnknown(environment.path())) {
                return true; // a PATH known only at deployment: no finding is invented
            }
            filesystem.expect(lookup.candidates());
            for (String candidate : lookup.candidates()) {
                PathResolution found = filesystem.resolve(candidate);
                if (found.found() && !found.file().isDirectory()) {
                    return runnable(found, role);
                }
            }
            String searched = lookup.candidates().size() > 1
                    ? "it is not in any of the " + lookup.pathDirectories() + " directories of the container's PATH"
                    : "it does not exist";
            fail(
                    capitalized(role) + " is missing" + where + ": " + searched + ", so " + UNHEALTHY + ".",
                    program.contains("/") ? null : program);
            return false;
        }

        private boolean runnable(PathResolution found, String role) throws PreflightException {
            FileEntry file = found.file();
            String what = capitalized(role) + " (" + file.path() + ", from " + file.layerName() + ")";
            if (!file.isRegularFile() || !file.isExecutable()) {
                fail(what + " is not an executable file, so " + UNHEALTHY + ".", null);
                return false;
            }
            ExecutableFormat format = filesystem.sniff(file);
            if (format instanceof ElfExecutable elf) {
                if (!elf.recognisedByKernel() || !elf.runsOn(architecture)) {
                    fail(
                            what + " is an " + elf.description() + " but the task runs on "
                                    + TaskPlatform.ecsArchitecture(architecture) + " (\"exec format error\"), so "
                                    + UNHEALTHY
                                    + ".",
                            null);
                    return false;
                }
                if (elf.interpreter() != null && elf.interpreter().startsWith("/")) {
                    PathResolution loader = filesystem.resolve(elf.interpreter());
                    if (!loader.found() || loader.file().isDirectory()) {
                        fail(
                                what + " needs the ELF loader " + elf.interpreter() + ", which the image lacks, "
                                        + "so " + UNHEALTHY + ".",
                                null);
                        return false;
                    }
                }
                return true;
            }
            if (format instanceof ShebangScript script) {
                if (script.interpreter().startsWith("/")) {
                    PathResolution interpreter = filesystem.resolve(script.interpreter());
                    if (!interpreter.found() || interpreter.file().isDirectory()) {
                        fail(
                                what + " names the interpreter " + script.interpreter() + ", which the image "
                                        + "lacks, so " + UNHEALTHY + ".",
                                null);
                        return false;
                    }
                }
                return true;
            }
            fail(
                    what + " is " + format.description() + ", which the kernel cannot execute, so " + UNHEALTHY + ".",
                    null);
            return false;
        }

        private static String capitalized(String role) {
            return Character.toUpperCase(role.charAt(0)) + role.substring(1);
        }

        private void fail(String message, String missingProgram) {
            verdicts.report(Finding.of(EP011, message, at, Remedies.runnableHealthCheck(missingProgram)));
        }
    }
}
