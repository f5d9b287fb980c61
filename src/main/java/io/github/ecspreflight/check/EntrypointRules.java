package io.github.ecspreflight.check;

import io.github.ecspreflight.binary.ElfExecutable;
import io.github.ecspreflight.binary.ExecutableFormat;
import io.github.ecspreflight.binary.ShebangScript;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskPlatform;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.fs.FileEntry;
import io.github.ecspreflight.image.fs.ImageFilesystem;
import io.github.ecspreflight.image.fs.PathResolution;
import java.util.List;

/**
 * EP004, EP005 and EP006: will the container's first exec succeed? Follows the program the runtime starts as the
 * kernel would: find it (PATH, working directory, symlinks, whiteouts), check its execute bit, read its header, and
 * for an ELF its loader, for a {@code #!} script its interpreter, at most {@value #MAX_SCRIPT_DEPTH} scripts deep.
 */
public final class EntrypointRules implements RuleFamily {

    public static final Rule EP004 = Rule.of(
            "EP004",
            Severity.ERROR,
            "entrypoint",
            "Entrypoint executable cannot run on the target",
            "The entrypoint is a binary for another CPU or OS, or not an executable format at all.");
    public static final Rule EP005 = Rule.of(
            "EP005",
            Severity.ERROR,
            "entrypoint",
            "Entrypoint, interpreter or ELF loader missing",
            "The kernel cannot find the entrypoint, its #! interpreter or its dynamic loader in the image.");
    public static final Rule EP006 = Rule.of(
            "EP006",
            Severity.ERROR,
            "entrypoint",
            "Entrypoint is not executable",
            "The entrypoint file has no execute permission.");

    /** Linux's BINPRM_MAX_RECURSION: a fifth nested interpreter is refused with ELOOP. */
    static final int MAX_SCRIPT_DEPTH = 4;

    private static final List<Rule> RULES = List.of(EP004, EP005, EP006);

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) throws PreflightException {
        if (!context.options().checkEntrypoint()) {
            verdicts.notRun(RULES, "checkEntrypoint is false");
            return;
        }
        // An image for the wrong platform fails at its first exec anyway: reading its entrypoint would only repeat
        // that.
        if (!PlatformRules.fits(context)) {
            verdicts.notRun(
                    RULES,
                    context.manifest().manifest().isEmpty()
                                    && !context.manifest().missingFromIndex()
                            ? "the image is an index and the task's CPU architecture cannot be known (EP007), so no one "
                                    + "manifest's entrypoint can be read"
                            : "the image does not run on the task's platform (" + platformRule(context) + ")");
            return;
        }
        ImageManifest manifest = context.manifest().manifest().orElseThrow();
        String architecture = context.target().known()
                ? context.target().platform().architecture()
                : manifest.config().platform().architecture();
        Walk walk = new Walk(
                context.filesystem(),
                EffectiveCommand.of(context.container(), manifest.config()),
                architecture,
                context.container(),
                context.imageReference(),
                verdicts);
        walk.checkProgram();
    }

    /** The platform rule that says why the image does not run there, for the not-run reason. */
    private static String platformRule(CheckContext context) {
        if (context.manifest().missingFromIndex()) {
            return PlatformRules.EP003.id();
        }
        String actual =
                context.manifest().manifest().orElseThrow().config().platform().os();
        return actual.equals(context.target().platform().os()) ? PlatformRules.EP001.id() : PlatformRules.EP002.id();
    }

    /** One container's walk from its program through its interpreters, as the kernel would exec them. */
    private static final class Walk {

        private static final String DIES = "the container dies at its first exec and the task stops with "
                + "\"Essential container in task exited\"";

        private final ImageFilesystem filesystem;
        private final EffectiveCommand command;
        private final String architecture;
        private final String ecsArchitecture;
        private final SourceLocation location;
        private final String imageReference;
        private final String where;
        private final Verdicts findings;

        private Walk(
                ImageFilesystem filesystem,
                EffectiveCommand command,
                String architecture,
                ContainerDefinition container,
                String imageReference,
                Verdicts verdicts) {
            this.findings = verdicts;
            this.filesystem = filesystem;
            this.command = command;
            this.architecture = architecture;
            this.ecsArchitecture = TaskPlatform.ecsArchitecture(architecture);
            this.location = container.location();
            this.imageReference = imageReference;
            this.where = " in image " + imageReference;
        }

        private void checkProgram() throws PreflightException {
            if (command.isEmpty()) {
                findings.report(Finding.of(
                        EP005,
                        "Neither the container's entryPoint/command nor the image's "
                                + "Entrypoint/Cmd names a program" + where
                                + ": ECS cannot start the container (\"no command "
                                + "specified\") and the task stops with \"Essential container in task exited\".",
                        location,
                        Remedies.nameAProgram()));
                return;
            }
            String program = command.program();
            if (TaskDefinition.isUnknown(program)
                    || !program.startsWith("/")
                            && program.contains("/")
                            && TaskDefinition.isUnknown(command.workingDirectory())
                    || !program.contains("/") && TaskDefinition.isUnknown(command.path())) {
                // known only at deployment: no finding is invented, and none of the three is shown as passed
                String why = "the command's program, PATH or working directory is known only once deployed";
                findings.notRun(EP004, why);
                findings.notRun(EP005, why);
                findings.notRun(EP006, why);
                return;
            }
            // Named up front, so a compressed layer streamed for one candidate keeps the heads of all of them.
            filesystem.expect(command.candidates());
            PathResolution first = null;
            PathResolution directory = null;
            for (String candidate : command.candidates()) {
                PathResolution resolution = filesystem.resolve(candidate);
                if (resolution.found() && !resolution.file().isDirectory()) {
                    examine(resolution, "entrypoint " + describeProgram(program, candidate), 0);
                    return;
                }
                first = first == null ? resolution : first;
                directory = directory == null && resolution.found() ? resolution : directory;
            }
            if (directory != null) {
                findings.report(Finding.of(
                        EP004,
                        "The entrypoint " + describeProgram(program, directory.requested()) + " (" + command.source()
                                + ") is a directory" + where + " ("
                                + directory.file().path() + ", from "
                                + directory.file().layerName() + "): execve refuses it with \"permission denied\" "
                                + "and " + DIES + ".",
                        location,
                        Remedies.pointAtAFile(command.source())));
                return;
            }
            // PATH is an environment value, which may be anyone's: it is counted, never printed.
            String searched = command.candidates().size() > 1
                    ? program + " is not in any of the " + command.pathDirectories() + " directories of the "
                            + "container's PATH"
                    : first.detail();
            findings.report(Finding.of(
                    EP005,
                    "The entrypoint " + program + " (" + command.source() + ") does not exist"
                            + where + ": " + searched + ". The runtime fails with \"exec: " + program
                            + ": no such file or "
                            + "directory\" and the task stops with \"Essential container in task exited\".",
                    location,
                    Remedies.addProgram(program, command.source())));
        }

        private static String describeProgram(String program, String resolvedCandidate) {
            return program.equals(resolvedCandidate) ? program : program + " (" + resolvedCandidate + ")";
        }

        /** Checks one file the kernel will exec: the entrypoint itself, or an interpreter it names. */
        private void examine(PathResolution resolution, String role, int depth) throws PreflightException {
            FileEntry file = resolution.file();
            String what = role + " " + locate(resolution);
            if (!file.isRegularFile()) {
                findings.report(Finding.of(
                        EP004,
                        "The " + what + " is not a regular file: " + DIES + ".",
                        location,
                        Remedies.pointAtAFile(command.source())));
                return;
            }
            if (!file.isExecutable()) {
                findings.report(Finding.of(
                        EP006,
                        String.format(
                                "The %s is not executable (mode %04o): execve fails "
                                        + "with \"permission denied\" and %s.",
                                what, file.mode(), DIES),
                        location,
                        Remedies.makeExecutable()));
            }
            ExecutableFormat format = filesystem.sniff(file);
            if (format instanceof ElfExecutable elf) {
                examineElf(elf, what);
            } else if (format instanceof ShebangScript script) {
                examineScript(script, what, depth);
            } else {
                findings.report(Finding.of(
                        EP004,
                        "The " + what + " is " + format.description() + ", which the Linux "
                                + "kernel cannot execute (\"exec format error\"): " + DIES + ".",
                        location,
                        Remedies.executableFor(format, architecture)));
            }
        }

        private void examineElf(ElfExecutable elf, String what) throws PreflightException {
            if (!elf.recognisedByKernel() || !elf.runsOn(architecture)) {
                findings.report(Finding.of(
                        EP004,
                        "The " + what + " is an " + elf.description() + " but the task runs on "
                                + ecsArchitecture
                                + ": the kernel refuses it with \"exec format error\" and the task stops with "
                                + "\"Essential container in task exited\".",
                        location,
                        Remedies.rebuildFor(architecture)));
                return;
            }
            if (elf.interpreter() != null) {
                String loaderPath = command.inWorkingDirectory(elf.interpreter());
                if (loaderPath == null) {
                    return; // a relative loader in a working directory known only at deployment
                }
                PathResolution loader = filesystem.resolve(loaderPath);
                if (loader.found() && loader.file().isDirectory()) {
                    findings.report(Finding.of(
                            EP005,
                            "The " + what + " names " + elf.interpreter() + " as its ELF loader, which is a "
                                    + "directory in the image, not a loader: the kernel refuses to start it and "
                                    + DIES + ".",
                            location,
                            Remedies.provideLoader(elf.interpreter())));
                } else if (!loader.found()) {
                    findings.report(Finding.of(
                            EP005,
                            "The " + what + " is dynamically linked, but its ELF loader "
                                    + elf.interpreter() + " is missing from the image (" + loader.detail()
                                    + "): the kernel "
                                    + "fails with \"no such file or directory\" although the binary exists, and " + DIES
                                    + ".",
                            location,
                            Remedies.provideLoader(elf.interpreter())));
                }
            }
        }

        private void examineScript(ShebangScript script, String what, int depth) throws PreflightException {
            if (script.crlf()) {
                findings.report(Finding.of(
                        EP005,
                        "The " + what + " has Windows (CRLF) line endings: its #! line "
                                + "names '" + script.literalInterpreter().replace("\r", "\\r")
                                + "', which does not exist, so the "
                                + "kernel fails with \"no such file or directory\" and " + DIES + ".",
                        location,
                        Remedies.useLfLineEndings()));
                return;
            }
            if (depth + 1 >= MAX_SCRIPT_DEPTH) {
                findings.report(Finding.of(
                        EP005,
                        "The " + what + " starts a chain of #! interpreters deeper than the "
                                + "kernel's limit of " + MAX_SCRIPT_DEPTH
                                + ": execve fails with \"too many levels of symbolic "
                                + "links\" and " + DIES + ".",
                        location,
                        Remedies.startFinalInterpreter()));
                return;
            }
            String interpreterPath = command.inWorkingDirectory(script.interpreter());
            if (interpreterPath == null) {
                return; // a relative interpreter in a working directory known only at deployment
            }
            PathResolution interpreter = filesystem.resolve(interpreterPath);
            if (!interpreter.found() || interpreter.file().isDirectory()) {
                findings.report(Finding.of(
                        EP005,
                        "The " + what + " names the interpreter " + script.interpreter()
                                + " in its #! line, which is missing from the image (" + interpreter.detail()
                                + "): the kernel "
                                + "fails with \"no such file or directory\" and " + DIES + ".",
                        location,
                        Remedies.installInterpreter(script.interpreter())));
                return;
            }
            examine(interpreter, "#! interpreter " + script.interpreter() + " of the " + what, depth + 1);
            if (script.interpreter().endsWith("/env")
                    && script.argument() != null
                    && !script.argument().startsWith("-")) {
                checkEnvProgram(script.argument(), what);
            }
        }

        /** {@code #!/usr/bin/env python3}: env looks the program up in PATH at run time, so check that it will find it. */
        private void checkEnvProgram(String program, String what) throws PreflightException {
            EffectiveCommand lookup = new EffectiveCommand(
                    List.of(program), command.path(), command.workingDirectory(), command.source());
            for (String path : lookup.candidates()) {
                PathResolution candidate = filesystem.resolve(path);
                if (candidate.found() && !candidate.file().isDirectory()) {
                    return;
                }
            }
            findings.report(Finding.of(
                    EP005,
                    "The " + what + " runs " + program + " through env, but no directory of "
                            + "the container's PATH holds it: env fails with \"" + program
                            + ": No such file or directory\" "
                            + "and " + DIES + ".",
                    location,
                    Remedies.installEnvProgram(program)));
        }

        private static String locate(PathResolution resolution) {
            FileEntry file = resolution.file();
            String via =
                    resolution.symlinkHops().isEmpty() ? "" : " via " + String.join(", ", resolution.symlinkHops());
            return (resolution.requested().equals(file.path())
                            ? file.path()
                            : resolution.requested() + " (" + file.path() + ")")
                    + via + ", from " + file.layerName() + ",";
        }
    }
}
