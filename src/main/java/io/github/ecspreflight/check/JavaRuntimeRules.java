package io.github.ecspreflight.check;

import io.github.ecspreflight.binary.JavaClassFile;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.fs.FileEntry;
import io.github.ecspreflight.image.fs.ImageFilesystem;
import io.github.ecspreflight.image.fs.PathResolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EP008: is the Java runtime the command starts at least as new as the main class? The runtime is the {@code java}
 * the effective command starts, found as the entrypoint is (PATH, symlinks); its version is {@code JAVA_HOME/release}
 * ({@code JAVA_VERSION="17.0.13"}), else the image's {@code JAVA_VERSION} variable. The main class is the one
 * {@code java -cp CLASSPATH MAIN} names, {@code @argfiles} expanded as the launcher expands them (Jib's
 * {@code @/app/jib-classpath-file @/app/jib-main-class-file}), read from the first class-path directory that holds
 * it. Classes inside jars ({@code -jar}, jar entries of the class path) are not read yet: the rule then does not run.
 */
public final class JavaRuntimeRules implements RuleFamily {

    public static final Rule EP008 = Rule.of(
            "EP008",
            Severity.ERROR,
            "java",
            "Java runtime older than the application's classes",
            "The image's Java runtime is older than the class files it is asked to run (UnsupportedClassVersionError).");

    private static final List<Rule> RULES = List.of(EP008);

    /** Launcher options that take the next argument as their value. */
    private static final Set<String> WITH_VALUE = Set.of(
            "--add-opens",
            "--add-exports",
            "--add-reads",
            "--add-modules",
            "-p",
            "--module-path",
            "--upgrade-module-path",
            "--limit-modules",
            "--patch-module",
            "--enable-native-access");

    private static final Pattern RELEASE = Pattern.compile("(?m)^JAVA_VERSION=\"?(?:1\\.)?(\\d+)");
    private static final Pattern ENV_VERSION = Pattern.compile("^(?:jdk-?)?(?:1\\.)?(\\d+)");

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    @Override
    public void check(CheckContext context, Verdicts verdicts) throws PreflightException {
        if (!context.options().checkEntrypoint()) {
            verdicts.notRun(EP008, "checkEntrypoint is false");
            return;
        }
        if (context.filesystem() == null || !PlatformRules.fits(context)) {
            verdicts.notRun(
                    EP008, "no one manifest of the image runs on the task's platform, so its files are not read");
            return;
        }
        ImageManifest manifest = context.manifest().manifest().orElseThrow();
        EffectiveCommand command = EffectiveCommand.of(context.container(), manifest.config());
        if (command.isEmpty() || !isJava(command.program())) {
            verdicts.notRun(EP008, "the command does not start java");
            return;
        }
        if (command.argv().stream().anyMatch(TaskDefinition::isUnknown) || TaskDefinition.isUnknown(command.path())) {
            verdicts.notRun(EP008, "the command is known only once deployed");
            return;
        }
        ImageFilesystem filesystem = context.filesystem();
        Runtime runtime = runtime(filesystem, command, manifest);
        if (runtime == null) {
            verdicts.notRun(EP008, "the image's java has no JAVA_HOME/release and the image sets no JAVA_VERSION");
            return;
        }
        List<String> arguments =
                expand(filesystem, command.argv().subList(1, command.argv().size()));
        String classPath = null;
        String mainClass = null;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("-cp") || argument.equals("-classpath") || argument.equals("--class-path")) {
                classPath = i + 1 < arguments.size() ? arguments.get(++i) : null;
            } else if (argument.equals("-jar")) {
                verdicts.notRun(EP008, "the main class is in a jar (-jar), whose class files are not read yet");
                return;
            } else if (WITH_VALUE.contains(argument)) {
                i++;
            } else if (!argument.startsWith("-")) {
                mainClass = argument;
                break;
            }
        }
        if (mainClass == null || classPath == null) {
            verdicts.notRun(EP008, "the command names no class path and main class to read");
            return;
        }
        String classFile = mainClass.replace('.', '/') + ".class";
        for (String entry : classPath.split(":")) {
            if (entry.isEmpty() || entry.endsWith(".jar") || entry.endsWith("*") || !entry.startsWith("/")) {
                continue;
            }
            PathResolution found = filesystem.resolve((entry.endsWith("/") ? entry : entry + "/") + classFile);
            if (!found.found() || !found.file().isRegularFile()) {
                continue;
            }
            FileEntry file = found.file();
            if (!(filesystem.sniff(file) instanceof JavaClassFile classes)) {
                return; // not a class file: the JVM's own error, not this rule's
            }
            int needs = classes.majorVersion() - 44;
            if (needs > runtime.feature()) {
                verdicts.report(Finding.of(
                        EP008,
                        "The main class " + mainClass + " (" + file.path() + ", from " + file.layerName()
                                + ") is compiled for Java " + needs + " (class file version "
                                + classes.majorVersion() + ") but the image's java is Java " + runtime.feature() + " ("
                                + runtime.from() + "): the JVM stops at once with \"UnsupportedClassVersionError: "
                                + mainClass.replace('.', '/')
                                + " has been compiled by a more recent version of the Java "
                                + "Runtime (class file version " + classes.majorVersion()
                                + ".0)\" (exit code 1) and the "
                                + "task stops with \"Essential container in task exited\".",
                        context.container().location(),
                        Remedies.matchJava(
                                needs, runtime.feature(), context.options().imageBuilder())));
            }
            return;
        }
        verdicts.notRun(EP008, "the main class is not in a class-path directory of the image (jars are not read yet)");
    }

    /** The Java feature release of the runtime, and what said so. */
    private record Runtime(int feature, String from) {}

    private static Runtime runtime(ImageFilesystem filesystem, EffectiveCommand command, ImageManifest manifest)
            throws PreflightException {
        for (String candidate : command.candidates()) {
            PathResolution java = filesystem.resolve(candidate);
            if (java.found() && java.file().isRegularFile()) {
                String resolved = java.file().path();
                int bin = resolved.lastIndexOf("/bin/");
                if (bin > 0) {
                    String release = resolved.substring(0, bin) + "/release";
                    String text = filesystem.text(release);
                    Matcher version = text == null ? null : RELEASE.matcher(text);
                    if (version != null && version.find()) {
                        return new Runtime(Integer.parseInt(version.group(1)), release);
                    }
                }
                break;
            }
        }
        for (String entry : manifest.config().env()) {
            if (entry.startsWith("JAVA_VERSION=")) {
                Matcher version = ENV_VERSION.matcher(entry.substring("JAVA_VERSION=".length()));
                if (version.find()) {
                    return new Runtime(Integer.parseInt(version.group(1)), "the image's JAVA_VERSION");
                }
            }
        }
        return null;
    }

    /** The launcher's {@code @argfile} expansion: each such argument is replaced by the file's words. */
    private static List<String> expand(ImageFilesystem filesystem, List<String> arguments) throws PreflightException {
        List<String> expanded = new ArrayList<>();
        for (String argument : arguments) {
            if (argument.startsWith("@") && argument.length() > 1 && argument.charAt(1) == '/') {
                String text = filesystem.text(argument.substring(1));
                if (text != null) {
                    for (String word : text.trim().split("\\s+")) {
                        if (!word.isEmpty()) {
                            expanded.add(word);
                        }
                    }
                    continue;
                }
            }
            expanded.add(argument);
        }
        return expanded;
    }

    private static boolean isJava(String program) {
        return program.equals("java") || program.endsWith("/java");
    }
}
