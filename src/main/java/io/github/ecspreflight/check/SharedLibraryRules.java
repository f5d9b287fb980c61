package io.github.ecspreflight.check;

import io.github.ecspreflight.binary.ElfDynamic;
import io.github.ecspreflight.binary.ElfExecutable;
import io.github.ecspreflight.binary.ExecutableFormat;
import io.github.ecspreflight.binary.ShebangScript;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.fs.FileEntry;
import io.github.ecspreflight.image.fs.ImageFilesystem;
import io.github.ecspreflight.image.fs.PathResolution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * EP009: will the dynamic loader find every shared library the entrypoint needs? Each DT_NEEDED of the entrypoint's
 * ELF (or of its {@code #!} interpreter's) is looked up as {@code ld.so} would: DT_RPATH (without DT_RUNPATH),
 * {@code LD_LIBRARY_PATH}, DT_RUNPATH, {@code /etc/ld.so.conf}, then the default directories of the loader and CPU;
 * musl reads {@code /etc/ld-musl-ARCH.path}. {@code $ORIGIN} is the directory of the file that needs the library. A
 * library for another machine is skipped, as ld.so skips it. Found libraries are followed in turn, each once.
 * Libraries a program opens with {@code dlopen} at run time are not knowable from the image and not checked.
 */
public final class SharedLibraryRules implements RuleFamily {

    public static final Rule EP009 = Rule.of(
            "EP009",
            Severity.ERROR,
            "libraries",
            "Shared library missing from the image",
            "A shared library the entrypoint needs (ELF DT_NEEDED) is not where the dynamic loader looks in the image.");

    /** More libraries than any real program needs: the walk stops there rather than run on. */
    static final int MAX_LIBRARIES = 256;

    private static final List<Rule> RULES = List.of(EP009);

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public void prepare(CheckContext context) {
        if (context.filesystem() != null && context.options().checkEntrypoint()) {
            context.filesystem().alsoExpect(List.of("/etc/ld.so.conf"));
        }
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) throws PreflightException {
        if (!context.options().checkEntrypoint()) {
            verdicts.notRun(EP009, "checkEntrypoint is false");
            return;
        }
        if (context.filesystem() == null || !PlatformRules.fits(context)) {
            verdicts.notRun(
                    EP009, "no one manifest of the image runs on the task's platform, so its files are not read");
            return;
        }
        ImageManifest manifest = context.manifest().manifest().orElseThrow();
        EffectiveCommand command = EffectiveCommand.of(context.container(), manifest.config());
        if (command.isEmpty()
                || TaskDefinition.isUnknown(command.program())
                || TaskDefinition.isUnknown(command.path())) {
            verdicts.notRun(EP009, "the entrypoint is not known before deployment");
            return;
        }
        ImageFilesystem filesystem = context.filesystem();
        Loaded program = program(filesystem, command);
        if (program == null) {
            verdicts.notRun(EP009, "the entrypoint is not a dynamically linked ELF the image holds (see EP004-EP006)");
            return;
        }
        // a relative loader is relative to the working directory, as execve reads it
        String loaderPath = command.inWorkingDirectory(program.elf().interpreter());
        if (loaderPath == null) {
            verdicts.notRun(EP009, "the ELF loader is relative to a working directory known only once deployed");
            return;
        }
        PathResolution loader = filesystem.resolve(loaderPath);
        if (!loader.found() || !loader.file().isRegularFile()) {
            verdicts.notRun(
                    EP009,
                    "the ELF loader " + program.elf().interpreter() + " is missing (EP005), so no "
                            + "library is ever looked for");
            return;
        }
        String architecture = PlatformRules.architecture(context);
        new Search(
                        filesystem,
                        architecture,
                        program.elf().interpreter(),
                        EffectiveCommand.environment(context.container(), manifest.config()),
                        verdicts,
                        context)
                .run(program);
    }

    /** An ELF file found in the image: its resolved path, for $ORIGIN, and what it says. */
    private record Loaded(String path, String name, ElfExecutable elf) {}

    /** The entrypoint's ELF, or its #! interpreter's; null when neither is a dynamically linked ELF. */
    private static Loaded program(ImageFilesystem filesystem, EffectiveCommand command) throws PreflightException {
        for (String candidate : command.candidates()) {
            PathResolution found = filesystem.resolve(candidate);
            if (found.found() && found.file().isRegularFile()) {
                ExecutableFormat format = filesystem.sniff(found.file());
                if (format instanceof ShebangScript script
                        && script.interpreter().startsWith("/")) {
                    PathResolution interpreter = filesystem.resolve(script.interpreter());
                    if (!interpreter.found() || !interpreter.file().isRegularFile()) {
                        return null;
                    }
                    format = filesystem.sniff(interpreter.file());
                    found = interpreter;
                }
                return format instanceof ElfExecutable elf && elf.interpreter() != null
                        ? new Loaded(found.file().path(), found.file().path(), elf)
                        : null;
            }
        }
        return null;
    }

    /** One walk from the program through the libraries it needs, each looked up once. */
    private static final class Search {
        private final ImageFilesystem filesystem;
        private final String architecture;
        private final boolean musl;
        private final String loader;
        private final Map<String, String> environment;
        private final Verdicts verdicts;
        private final CheckContext context;
        private List<String> systemDirectories;

        Search(
                ImageFilesystem filesystem,
                String architecture,
                String loader,
                Map<String, String> environment,
                Verdicts verdicts,
                CheckContext context) {
            this.filesystem = filesystem;
            this.architecture = architecture;
            this.loader = loader;
            this.musl = loader.contains("ld-musl");
            this.environment = environment;
            this.verdicts = verdicts;
            this.context = context;
        }

        void run(Loaded program) throws PreflightException {
            Deque<Loaded> pending = new ArrayDeque<>(List.of(program));
            Set<String> seen = new HashSet<>();
            int loaded = 0;
            while (!pending.isEmpty() && loaded++ < MAX_LIBRARIES) {
                Loaded next = pending.removeFirst();
                ElfDynamic dynamic = next.elf().dynamic();
                if (dynamic == null) {
                    continue; // its dynamic section lies past the bytes read: what it needs is not guessed
                }
                for (String library : dynamic.needed()) {
                    if (!seen.add(library) || (musl && providedByMusl(library))) {
                        continue;
                    }
                    Loaded found = find(library, next, dynamic);
                    if (found != null) {
                        pending.addLast(found);
                    }
                }
            }
        }

        /** The library as ld.so would load it for {@code from}; reports EP009 and returns null when it is not found. */
        private Loaded find(String library, Loaded from, ElfDynamic dynamic) throws PreflightException {
            List<String> directories = new ArrayList<>();
            if (dynamic.runpath().isEmpty()) {
                dynamic.rpath().forEach(d -> directories.add(origin(d, from)));
            }
            String ldLibraryPath = environment.get("LD_LIBRARY_PATH");
            if (ldLibraryPath != null && !TaskDefinition.isUnknown(ldLibraryPath)) {
                for (String d : ldLibraryPath.split(":")) {
                    if (!d.isEmpty()) {
                        directories.add(d);
                    }
                }
            }
            dynamic.runpath().forEach(d -> directories.add(origin(d, from)));
            directories.addAll(systemDirectories());
            List<String> candidates = library.contains("/")
                    ? List.of(library.startsWith("/") ? library : "/" + library)
                    : directories.stream()
                            .filter(d -> d.startsWith("/"))
                            .map(d -> (d.endsWith("/") ? d : d + "/") + library)
                            .distinct()
                            .toList();
            filesystem.expect(candidates);
            String otherMachine = null;
            for (String candidate : candidates) {
                PathResolution found = filesystem.resolve(candidate);
                if (!found.found() || !found.file().isRegularFile()) {
                    continue;
                }
                ExecutableFormat format = filesystem.sniff(found.file());
                if (format instanceof ElfExecutable elf
                        && elf.runsOn(architecture)
                        && elf.bits() == from.elf().bits()) {
                    return new Loaded(found.file().path(), library, elf);
                }
                otherMachine = otherMachine != null
                        ? otherMachine
                        : found.file().path()
                                + (format instanceof ElfExecutable ? " is an " : " is ")
                                + format.description();
            }
            String needer = from.name().equals(library) ? from.path() : from.name();
            verdicts.report(Finding.of(
                    EP009,
                    "The shared library " + library + " that " + needer + " needs is not found in image "
                            + context.imageReference() + " where the loader " + loader + " looks ("
                            + candidates.size() + " places: the file's RPATH/RUNPATH, LD_LIBRARY_PATH, "
                            + (musl ? "the musl path file" : "/etc/ld.so.conf") + " and the default directories)"
                            + (otherMachine == null ? "" : "; " + otherMachine + ", which the loader skips")
                            + ". The container exits at once with \""
                            + (musl
                                    ? "Error loading shared library " + library
                                            + ": No such file or directory (needed by " + from.path() + ")"
                                    : "error while loading shared libraries: " + library
                                            + ": cannot open shared object file: No such file or directory")
                            + "\" (exit code 127) and the task stops with \"Essential container in task exited\".",
                    context.container().location(),
                    Remedies.provideLibrary(library, context.options().imageBuilder())));
            return null;
        }

        /** {@code $ORIGIN} and {@code ${ORIGIN}} are the directory of the file that needs the library. */
        private static String origin(String directory, Loaded from) {
            String origin = from.path().substring(0, Math.max(1, from.path().lastIndexOf('/')));
            return directory.replace("${ORIGIN}", origin).replace("$ORIGIN", origin);
        }

        /** What the loader searches after the file's own paths: its configuration, then its defaults. */
        private List<String> systemDirectories() throws PreflightException {
            if (systemDirectories != null) {
                return systemDirectories;
            }
            Set<String> directories = new LinkedHashSet<>();
            if (musl) {
                String arch = loader.replaceAll(".*ld-musl-([^.]+)\\.so.*", "$1");
                String path = filesystem.text("/etc/ld-musl-" + arch + ".path");
                if (path != null) {
                    for (String d : path.split("[:\\n]")) {
                        if (!d.isBlank()) {
                            directories.add(d.trim());
                        }
                    }
                } else {
                    directories.addAll(List.of("/lib", "/usr/local/lib", "/usr/lib"));
                }
            } else {
                configuration("/etc/ld.so.conf", directories, 0);
                String multiarch = architecture.equals("arm64") ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
                directories.addAll(List.of(
                        "/lib/" + multiarch, "/usr/lib/" + multiarch, "/lib64", "/usr/lib64", "/lib", "/usr/lib"));
            }
            systemDirectories = List.copyOf(directories);
            return systemDirectories;
        }

        /**
         * The directories an {@code ld.so.conf} names, its {@code include}s read in place as ldconfig reads them: a
         * relative pattern is relative to the including file's directory, and a wildcard in the file name matches
         * the directory's files in name order. A wildcard in a directory name is not expanded (no distribution
         * writes one): the directories Debian's and Red Hat's included files name are taken instead, so that no
         * library is reported missing that ldconfig would find.
         */
        private void configuration(String file, Set<String> directories, int depth) throws PreflightException {
            String text = depth > 4 ? null : filesystem.text(file);
            if (text == null) {
                return;
            }
            String here = file.substring(0, file.lastIndexOf('/') + 1);
            for (String raw : text.split("\n")) {
                String line = raw.replaceAll("#.*", "").trim();
                if (line.startsWith("include ") || line.startsWith("include\t")) {
                    for (String pattern :
                            line.substring("include".length()).trim().split("\\s+")) {
                        include(pattern.startsWith("/") ? pattern : here + pattern, directories, depth);
                    }
                } else if (line.startsWith("/")) {
                    for (String directory : line.split("[\\s:,=]+")) {
                        if (directory.startsWith("/")) {
                            directories.add(directory);
                        }
                    }
                }
            }
        }

        private void include(String pattern, Set<String> directories, int depth) throws PreflightException {
            int slash = pattern.lastIndexOf('/');
            String directory = pattern.substring(0, Math.max(1, slash));
            String name = pattern.substring(slash + 1);
            if (isGlob(directory)) {
                directories.addAll(List.of("/usr/local/lib", "/usr/local/lib64"));
            } else if (isGlob(name)) {
                Pattern matcher = glob(name);
                for (FileEntry entry : filesystem.list(directory)) {
                    String fileName = entry.path().substring(entry.path().lastIndexOf('/') + 1);
                    String listed = (directory.endsWith("/") ? directory : directory + "/") + fileName;
                    if (entry.isRegularFile() && matcher.matcher(fileName).matches()) {
                        configuration(listed, directories, depth + 1);
                    }
                }
            } else {
                configuration(pattern, directories, depth + 1);
            }
        }
    }

    /**
     * The libraries musl's loader is itself, whatever the path says: {@code libc.so} and the glibc split-outs it folds
     * in ({@code libpthread.so.0}, {@code libm.so.6}, {@code libdl.so.2}, ...).
     */
    static boolean providedByMusl(String library) {
        return MUSL_BUILTIN.matcher(library).matches();
    }

    private static final Pattern MUSL_BUILTIN =
            Pattern.compile("(?:ld-musl-[^/]*|lib(?:c|pthread|rt|m|dl|util|xnet|resolv|crypt)\\.so(?:\\.[0-9.]+)?)");

    private static boolean isGlob(String text) {
        return text.contains("*") || text.contains("?") || text.contains("[");
    }

    /** A glob(7) file-name pattern as a regular expression: {@code *}, {@code ?} and {@code [...]} classes. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> regex.append("[^/]*");
                case '?' -> regex.append("[^/]");
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        regex.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, close);
                        boolean negated = set.startsWith("!");
                        // ranges (a-z) stay; what a Java class treats specially and glob does not is escaped
                        String members = (negated ? set.substring(1) : set).replaceAll("([\\\\\\[\\]^&])", "\\\\$1");
                        regex.append('[')
                                .append(negated ? "^" : "")
                                .append(members)
                                .append(']');
                        i = close;
                    }
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
