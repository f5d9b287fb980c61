package io.github.ecspreflight.check;

import io.github.ecspreflight.binary.JarContents;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.ImageManifest;
import io.github.ecspreflight.image.fs.ImageFilesystem;
import io.github.ecspreflight.image.fs.PathResolution;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EP008: is the Java runtime the command starts at least as new as the application's classes? The runtime is the
 * {@code java} the effective command starts, found as the entrypoint is (PATH, symlinks); its version is
 * {@code JAVA_HOME/release} ({@code JAVA_VERSION="17.0.13"}), else the image's {@code JAVA_VERSION} variable. The
 * classes are those the launcher would load, {@code @argfiles} expanded as it expands them (Jib's
 * {@code @/app/jib-classpath-file @/app/jib-main-class-file}): with {@code -jar}, the jar, the jars it nests (Spring
 * Boot's {@code BOOT-INF/lib}) and its manifest's {@code Class-Path}; else every directory, jar and {@code DIR/*} of
 * the class path. The newest class file among them decides, named with its jar and layer.
 */
public final class JavaRuntimeRules implements RuleFamily {

    public static final Rule EP008 = Rule.of(
            "EP008",
            Severity.ERROR,
            "java",
            "Java runtime older than the application's classes",
            "The image's Java runtime is older than the class files it is asked to run (UnsupportedClassVersionError).");

    private static final List<Rule> RULES = List.of(EP008);

    /** Jib's default application root: its classes, resources and libs directories and its argfiles. */
    private static final String JIB_APP_ROOT = "/app";

    private static final Pattern RELEASE = Pattern.compile("(?m)^JAVA_VERSION=\"?(?:1\\.)?(\\d+)");
    private static final Pattern ENV_VERSION = Pattern.compile("^(?:jdk-?)?(?:1\\.)?(\\d+)");

    @Override
    public List<Rule> rules() {
        return RULES;
    }

    /**
     * Before any layer is streamed, names where the application's jars and classes are likely to be: Jib's
     * {@code /app}, and the directories the command names. A compressed layer then reads them in the entrypoint's
     * pass; a class path an argfile names elsewhere costs that layer a second pass.
     */
    @Override
    public void prepare(CheckContext context) {
        if (context.filesystem() == null
                || !context.options().checkEntrypoint()
                || context.manifest().manifest().isEmpty()) {
            return;
        }
        EffectiveCommand command = EffectiveCommand.of(
                context.container(), context.manifest().manifest().get().config());
        if (command.isEmpty() || !isJava(command.program())) {
            return;
        }
        Set<String> directories = new LinkedHashSet<>(List.of(JIB_APP_ROOT));
        List<String> arguments = command.argv();
        for (int i = 1; i < arguments.size(); i++) {
            boolean classPath = JavaLaunch.isClassPathOption(arguments.get(i - 1));
            for (String part : arguments.get(i).split(":")) {
                int slash = part.lastIndexOf('/');
                if (!part.startsWith("/") || slash <= 0) {
                    continue;
                }
                if (part.endsWith(".jar") || part.endsWith("/*")) {
                    directories.add(part.substring(0, slash));
                } else if (classPath) {
                    directories.add(part);
                }
            }
        }
        context.filesystem().alsoExpectJavaUnder(directories);
        // the release file beside each java the command may start, and the argfiles: read before the classes
        Set<String> files = new LinkedHashSet<>();
        for (String candidate : command.candidates()) {
            String release = releaseFile(candidate);
            if (release != null) {
                files.add(release);
            }
        }
        for (String argument : arguments) {
            if (argument.startsWith("@/")) {
                files.add(argument.substring(1));
            }
        }
        context.filesystem().alsoExpect(files);
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
        JavaLaunch launch = JavaLaunch.parse(
                expand(filesystem, command.argv().subList(1, command.argv().size())),
                EffectiveCommand.environment(context.container(), manifest.config())
                        .get("CLASSPATH"));
        if (launch.module()) {
            verdicts.notRun(EP008, "the command starts a module (-m), whose classes are not read");
            return;
        }
        if (!launch.startsSomething()) {
            verdicts.notRun(EP008, "the command names no main class or jar to start");
            return;
        }
        String workingDirectory =
                TaskDefinition.isUnknown(command.workingDirectory()) ? null : command.workingDirectory();
        ApplicationClasses classes = new ApplicationClasses(filesystem, workingDirectory, runtime.feature());
        String mainClass = launch.mainClass();
        if (launch.jar() != null) {
            JarContents jar = classes.addLaunchJar(launch.jar());
            if (jar == null && classes.unreadable().isEmpty()) {
                verdicts.notRun(EP008, "the -jar file " + launch.jar() + " is not in the image");
                return;
            }
            if (jar != null) {
                mainClass = jar.startClass() != null ? jar.startClass() : jar.mainClass();
            }
        } else {
            classes.addClassPath(launch.classPath());
        }
        ApplicationClasses.ClassFile newest = classes.newest();
        if (newest == null || newest.javaRelease() <= runtime.feature()) {
            if (!classes.unreadable().isEmpty()) {
                verdicts.notRun(
                        EP008,
                        classes.unreadable().size() + " jar(s) could not be read, so their classes are not "
                                + "judged: " + classes.unreadable().get(0));
            } else if (classes.truncated()) {
                verdicts.notRun(
                        EP008,
                        "the class path holds more than " + ApplicationClasses.MAX_FILES
                                + " files; the ones read need no newer Java than " + runtime.feature());
            } else if (newest == null) {
                verdicts.notRun(EP008, "no class file of the application was found in the image");
            }
            return;
        }
        boolean isMain = mainClass != null && newest.className().equals(mainClass.replace('.', '/'));
        int others = classes.tooNew() - 1;
        verdicts.report(Finding.of(
                EP008,
                (isMain
                                ? "The main class " + mainClass + " (" + newest.where() + ", from "
                                : newest.where() + " (from ")
                        + newest.layerName() + ") is compiled for Java " + newest.javaRelease()
                        + " (class file version " + newest.majorVersion() + ") but the image's java is Java "
                        + runtime.feature() + " (" + runtime.from() + "): the JVM stops with "
                        + "\"UnsupportedClassVersionError: " + newest.className()
                        + " has been compiled by a more recent version of the Java Runtime (class file version "
                        + newest.majorVersion() + ".0)\" (exit code 1) "
                        + (isMain ? "at once" : "when it first loads that class, at start for most applications")
                        + ", and the task stops with \"Essential container in task exited\"."
                        + (others > 0
                                ? " " + others + " more "
                                        + (others == 1 ? "jar or class file needs" : "jars and " + "class files need")
                                        + " a newer Java than " + runtime.feature() + "."
                                : ""),
                context.container().location(),
                Remedies.matchJava(
                        newest.javaRelease(),
                        runtime.feature(),
                        context.options().imageBuilder())));
    }

    /** The Java feature release of the runtime, and what said so. */
    private record Runtime(int feature, String from) {}

    private static Runtime runtime(ImageFilesystem filesystem, EffectiveCommand command, ImageManifest manifest)
            throws PreflightException {
        for (String candidate : command.candidates()) {
            PathResolution java = filesystem.resolve(candidate);
            if (java.found() && java.file().isRegularFile()) {
                String release = releaseFile(java.file().path());
                if (release != null) {
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

    /** {@code JAVA_HOME/release} of a {@code JAVA_HOME/bin/java}; null for a java outside a {@code bin} directory. */
    private static String releaseFile(String java) {
        int bin = java.lastIndexOf("/bin/");
        return bin > 0 ? java.substring(0, bin) + "/release" : null;
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
