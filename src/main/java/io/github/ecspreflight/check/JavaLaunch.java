package io.github.ecspreflight.check;

import java.util.List;
import java.util.Set;

/**
 * What a {@code java} command line asks the launcher to start, read as the launcher reads its options (after
 * {@code @argfile} expansion): a jar ({@code -jar}), a main class on a class path ({@code -cp}, else the
 * {@code CLASSPATH} variable, else the working directory), or a module ({@code -m}), whose classes this check does not
 * read.
 *
 * @param jar the {@code -jar} file as written, or null
 * @param classPath the class path as written, or null with {@code -jar} or a module
 * @param mainClass the main class named on the command line, or null (with {@code -jar}, the jar's manifest names it)
 * @param module whether a module's main class is started ({@code -m}, {@code --module})
 */
record JavaLaunch(String jar, String classPath, String mainClass, boolean module) {

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

    /**
     * @param arguments the arguments after {@code java}, argfiles expanded
     * @param classPathVariable the process's {@code CLASSPATH}, or null
     */
    static JavaLaunch parse(List<String> arguments, String classPathVariable) {
        String classPath = null;
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (isClassPathOption(argument)) {
                classPath = i + 1 < arguments.size() ? arguments.get(++i) : null;
            } else if (argument.startsWith("--class-path=")) {
                classPath = argument.substring("--class-path=".length());
            } else if (argument.equals("-jar")) {
                return new JavaLaunch(i + 1 < arguments.size() ? arguments.get(i + 1) : null, null, null, false);
            } else if (argument.equals("-m") || argument.equals("--module") || argument.startsWith("--module=")) {
                return new JavaLaunch(null, null, null, true);
            } else if (WITH_VALUE.contains(argument)) {
                i++;
            } else if (!argument.startsWith("-")) {
                String path = classPath != null ? classPath : classPathVariable != null ? classPathVariable : ".";
                return new JavaLaunch(null, path, argument, false);
            }
        }
        return new JavaLaunch(null, null, null, false);
    }

    /** {@code -cp}, {@code -classpath} or {@code --class-path}: the option whose value is the class path. */
    static boolean isClassPathOption(String argument) {
        return argument.equals("-cp") || argument.equals("-classpath") || argument.equals("--class-path");
    }

    /** Whether the command names something to start (else the launcher prints its usage and exits 1). */
    boolean startsSomething() {
        return jar != null || mainClass != null || module;
    }
}
