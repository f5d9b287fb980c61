package io.github.ecspreflight.check;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.binary.ElfExecutable;
import io.github.ecspreflight.binary.ExecutableFormat;
import io.github.ecspreflight.binary.ExecutableSniffer;
import io.github.ecspreflight.binary.JavaClassFile;
import io.github.ecspreflight.binary.MachOBinary;
import io.github.ecspreflight.binary.NotExecutable;
import io.github.ecspreflight.binary.PeExecutable;
import io.github.ecspreflight.binary.ShebangScript;
import io.github.ecspreflight.binary.TruncatedElf;
import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.fs.FileEntry;
import io.github.ecspreflight.image.fs.ImageFilesystem;
import io.github.ecspreflight.image.fs.PathResolution;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * EP004, EP005 and EP006: will the container's first exec succeed? Follows the program the runtime starts as the
 * kernel would: find it (PATH, working directory, symlinks, whiteouts), check its execute bit, read its header, and
 * for an ELF its loader, for a {@code #!} script its interpreter, at most {@value #MAX_SCRIPT_DEPTH} scripts deep.
 */
final class EntrypointRules {

    /** Linux's BINPRM_MAX_RECURSION: a fifth nested interpreter is refused with ELOOP. */
    static final int MAX_SCRIPT_DEPTH = 4;

    private static final String DIES = "the container dies at its first exec and the task stops with "
            + "\"Essential container in task exited\"";

    private final ImageFilesystem filesystem;
    private final EffectiveCommand command;
    private final String architecture;
    private final String ecsArchitecture;
    private final SourceLocation location;
    private final String imageReference;
    private final String where;
    private final List<Finding> findings = new ArrayList<>();

    private EntrypointRules(ImageFilesystem filesystem, EffectiveCommand command, String architecture,
            ContainerDefinition container, String imageReference) {
        this.filesystem = filesystem;
        this.command = command;
        this.architecture = architecture;
        this.ecsArchitecture = TaskPlatform.ecsArchitecture(architecture);
        this.location = container.location();
        this.imageReference = imageReference;
        this.where = " in image " + imageReference;
    }

    /**
     * @param architecture the CPU the task runs on, or the image's own when the task's cannot be known
     */
    static List<Finding> check(ImageFilesystem filesystem, EffectiveCommand command, String architecture,
            ContainerDefinition container, String imageReference) throws PreflightException {
        EntrypointRules rules = new EntrypointRules(filesystem, command, architecture, container, imageReference);
        rules.checkProgram();
        return rules.findings;
    }

    private void checkProgram() throws PreflightException {
        if (command.isEmpty()) {
            findings.add(Finding.of(Rule.EP005, "Neither the container's entryPoint/command nor the image's "
                    + "Entrypoint/Cmd names a program" + where + ": ECS cannot start the container (\"no command "
                    + "specified\") and the task stops with \"Essential container in task exited\".", location,
                    "set an entrypoint in the image (Jib <container><entrypoint>, Dockerfile ENTRYPOINT) or entryPoint in "
                            + "the container definition"));
            return;
        }
        String program = command.program();
        if (TaskDefinition.isUnknown(program)
                || !program.startsWith("/") && program.contains("/") && TaskDefinition.isUnknown(command.workingDirectory())
                || !program.contains("/") && TaskDefinition.isUnknown(command.path())) {
            return; // known only at deployment: no finding is invented
        }
        // Named up front, so a compressed layer streamed for one candidate keeps the heads of all of them.
        filesystem.expect(command.candidates());
        PathResolution first = null;
        for (String candidate : command.candidates()) {
            PathResolution resolution = filesystem.resolve(candidate);
            if (resolution.found() && !resolution.file().isDirectory()) {
                examine(resolution, "entrypoint " + describeProgram(program, candidate), 0);
                return;
            }
            first = first == null ? resolution : first;
        }
        String searched = command.candidates().size() > 1
                ? program + " is not in any directory of PATH " + command.path()
                : first.detail();
        findings.add(Finding.of(Rule.EP005, "The entrypoint " + program + " (" + command.source() + ") does not exist"
                + where + ": " + searched + ". The runtime fails with \"exec: " + program + ": no such file or "
                + "directory\" and the task stops with \"Essential container in task exited\".", location,
                "add " + program + " to the image, or correct the path in " + command.source()));
    }

    private static String describeProgram(String program, String resolvedCandidate) {
        return program.equals(resolvedCandidate) ? program : program + " (" + resolvedCandidate + ")";
    }

    /** Checks one file the kernel will exec: the entrypoint itself, or an interpreter it names. */
    private void examine(PathResolution resolution, String role, int depth) throws PreflightException {
        FileEntry file = resolution.file();
        String what = role + " " + locate(resolution);
        if (!file.isRegularFile()) {
            findings.add(Finding.of(Rule.EP004, "The " + what + " is not a regular file: " + DIES + ".", location,
                    "point " + command.source() + " at an executable file"));
            return;
        }
        if (!file.isExecutable()) {
            findings.add(Finding.of(Rule.EP006, String.format("The %s is not executable (mode %04o): execve fails "
                    + "with \"permission denied\" and %s.", what, file.mode(), DIES), location,
                    "make it executable before it enters the image: chmod +x, Jib <extraDirectories><permissions> "
                            + "mode 755, or Dockerfile COPY --chmod=755"));
        }
        ExecutableFormat format;
        try {
            format = ExecutableSniffer.sniff(filesystem.open(file));
        } catch (IOException e) {
            throw new PreflightException("image " + imageReference + ": cannot read " + file.path() + " in "
                    + file.layerName() + " (" + Messages.oneLine(e) + ")", e);
        }
        if (format instanceof ElfExecutable elf) {
            examineElf(elf, what);
        } else if (format instanceof ShebangScript script) {
            examineScript(script, what, depth);
        } else {
            findings.add(Finding.of(Rule.EP004, "The " + what + " is " + format.description() + ", which the Linux "
                    + "kernel cannot execute (\"exec format error\"): " + DIES + ".", location, fixFor(format)));
        }
    }

    private void examineElf(ElfExecutable elf, String what) throws PreflightException {
        if (!elf.recognisedByKernel() || !elf.runsOn(architecture)) {
            findings.add(Finding.of(Rule.EP004, "The " + what + " is an " + elf.description() + " but the task runs on "
                    + ecsArchitecture + ": the kernel refuses it with \"exec format error\" and the task stops with "
                    + "\"Essential container in task exited\".", location,
                    "rebuild it for linux/" + architecture + ": cross-compile (GOOS=linux GOARCH=" + architecture
                            + ", or a C toolchain for " + ecsArchitecture.toLowerCase() + "), or compile it in a "
                            + "multi-stage build run with --platform linux/" + architecture + ", or in CI on an "
                            + ecsArchitecture + " runner; a binary built on the host is built for the host's CPU"));
            return;
        }
        if (elf.interpreter() != null) {
            PathResolution loader = filesystem.resolve(elf.interpreter());
            if (!loader.found()) {
                findings.add(Finding.of(Rule.EP005, "The " + what + " is dynamically linked, but its ELF loader "
                        + elf.interpreter() + " is missing from the image (" + loader.detail() + "): the kernel "
                        + "fails with \"no such file or directory\" although the binary exists, and " + DIES + ".",
                        location, "link it statically (CGO_ENABLED=0 for Go, -static for C), or build FROM a base "
                                + "image with the C library it was linked against (glibc's " + elf.interpreter()
                                + "; musl bases such as Alpine and scratch/distroless-static have none)"));
            }
        }
    }

    private void examineScript(ShebangScript script, String what, int depth) throws PreflightException {
        if (script.crlf()) {
            findings.add(Finding.of(Rule.EP005, "The " + what + " has Windows (CRLF) line endings: its #! line "
                    + "names '" + script.literalInterpreter().replace("\r", "\\r") + "', which does not exist, so the "
                    + "kernel fails with \"no such file or directory\" and " + DIES + ".", location,
                    "convert it to LF line endings (dos2unix, or `*.sh text eol=lf` in .gitattributes so Git on Windows "
                            + "stops adding CRs)"));
            return;
        }
        if (depth + 1 >= MAX_SCRIPT_DEPTH) {
            findings.add(Finding.of(Rule.EP005, "The " + what + " starts a chain of #! interpreters deeper than the "
                    + "kernel's limit of " + MAX_SCRIPT_DEPTH + ": execve fails with \"too many levels of symbolic "
                    + "links\" and " + DIES + ".", location, "start the final interpreter directly"));
            return;
        }
        PathResolution interpreter = filesystem.resolve(script.interpreter());
        if (!interpreter.found() || interpreter.file().isDirectory()) {
            findings.add(Finding.of(Rule.EP005, "The " + what + " names the interpreter " + script.interpreter()
                    + " in its #! line, which is missing from the image (" + interpreter.detail() + "): the kernel "
                    + "fails with \"no such file or directory\" and " + DIES + ".", location,
                    "install " + script.interpreter() + " in the image (a scratch or distroless base has no shell), "
                            + "or start a binary directly"));
            return;
        }
        examine(interpreter, "#! interpreter " + script.interpreter() + " of the " + what, depth + 1);
        if (script.interpreter().endsWith("/env") && script.argument() != null && !script.argument().startsWith("-")) {
            checkEnvProgram(script.argument(), what);
        }
    }

    /** {@code #!/usr/bin/env python3}: env looks the program up in PATH at run time, so check that it will find it. */
    private void checkEnvProgram(String program, String what) throws PreflightException {
        EffectiveCommand lookup = new EffectiveCommand(List.of(program), command.path(), command.workingDirectory(),
                command.source());
        for (String path : lookup.candidates()) {
            PathResolution candidate = filesystem.resolve(path);
            if (candidate.found() && !candidate.file().isDirectory()) {
                return;
            }
        }
        findings.add(Finding.of(Rule.EP005, "The " + what + " runs " + program + " through env, but no directory of "
                + "PATH " + command.path() + " holds it: env fails with \"" + program + ": No such file or directory\" "
                + "and " + DIES + ".", location, "install " + program + " in the image, or set PATH to where it is"));
    }

    private static String locate(PathResolution resolution) {
        FileEntry file = resolution.file();
        String via = resolution.symlinkHops().isEmpty() ? "" : " via " + String.join(", ", resolution.symlinkHops());
        return (resolution.requested().equals(file.path()) ? file.path() : resolution.requested() + " (" + file.path()
                + ")") + via + ", from " + file.layerName() + ",";
    }

    private String fixFor(ExecutableFormat format) {
        if (format instanceof MachOBinary) {
            return "it is a macOS binary: build it for Linux (GOOS=linux GOARCH=" + architecture + ", or compile it "
                    + "inside the image build for --platform linux/" + architecture + ")";
        }
        if (format instanceof PeExecutable) {
            return "it is a Windows binary: build it for Linux (GOOS=linux GOARCH=" + architecture + ")";
        }
        if (format instanceof JavaClassFile || format instanceof NotExecutable n && n.looksLike().contains("Zip")) {
            return "start it through java: entrypoint [\"java\", \"-jar\", \"/app/app.jar\"] on a base image with a JRE";
        }
        if (format instanceof TruncatedElf) {
            return "the binary is cut short: rebuild the image from a complete build output";
        }
        return "add a #! line naming its interpreter (and make it executable), or start it through its interpreter "
                + "in the entrypoint";
    }
}
