package io.github.ecspreflight.check;

import io.github.ecspreflight.ecs.ContainerDefinition;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.image.ImageConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The process ECS will start: the container definition's {@code entryPoint}/{@code command} over the image's
 * Entrypoint/Cmd, with {@code PATH} and the working directory that apply.
 *
 * @param argv the full argument vector; argv[0] is the program the runtime will exec
 * @param path the {@code PATH} the runtime searches for a program named without a slash
 * @param workingDirectory where a relative program path resolves
 * @param source where argv[0] came from, for messages ("the image's Entrypoint", "entryPoint in the task definition")
 */
public record EffectiveCommand(List<String> argv, String path, String workingDirectory, String source) {

    /** runc's PATH when neither the image nor the container sets one. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public EffectiveCommand {
        argv = List.copyOf(argv);
    }

    /**
     * Merges as the Docker engine and containerd do: an overridden entrypoint drops the image's Cmd unless a command is
     * given too; a command alone keeps the image's Entrypoint.
     */
    public static EffectiveCommand of(ContainerDefinition container, ImageConfig image) {
        List<String> entrypoint;
        List<String> command;
        String source;
        if (container.entryPoint() != null && !container.entryPoint().isEmpty()) {
            entrypoint = container.entryPoint();
            command = container.command() == null ? List.of() : container.command();
            source = "entryPoint in the task definition";
        } else {
            entrypoint = image.entrypoint();
            command = container.command() != null && !container.command().isEmpty() ? container.command() : image.cmd();
            source = !entrypoint.isEmpty()
                    ? "the image's Entrypoint"
                    : container.command() != null && !container.command().isEmpty()
                            ? "command in the task definition"
                            : "the image's Cmd";
        }
        List<String> argv = new ArrayList<>(entrypoint);
        argv.addAll(command);
        String path = environment(container, image).getOrDefault("PATH", DEFAULT_PATH);
        String workingDirectory = notBlank(container.workingDirectory())
                ? container.workingDirectory()
                : notBlank(image.workingDir()) ? image.workingDir() : "/";
        return new EffectiveCommand(argv, path, workingDirectory, source);
    }

    /**
     * The process's environment: the image's Env (a later entry of a name winning), with the container's
     * {@code environment} over it. Values may be secrets: they are read, never printed.
     *
     * @param image null when no one image config is chosen: the container's environment alone
     */
    public static Map<String, String> environment(ContainerDefinition container, ImageConfig image) {
        Map<String, String> environment = new HashMap<>();
        if (image != null) {
            for (String entry : image.env()) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    environment.put(entry.substring(0, equals), entry.substring(equals + 1));
                }
            }
        }
        environment.putAll(container.environment());
        return environment;
    }

    public boolean isEmpty() {
        return argv.isEmpty() || argv.get(0).isBlank();
    }

    public String program() {
        return argv.get(0);
    }

    /** The absolute paths the runtime would try for argv[0], in order. */
    public List<String> candidates() {
        String program = program();
        if (program.startsWith("/")) {
            return List.of(program);
        }
        if (program.contains("/")) {
            return List.of(join(workingDirectory, program));
        }
        List<String> candidates = new ArrayList<>();
        for (String directory : path.split(":")) {
            // An empty PATH element means the working directory, as execvp reads it.
            candidates.add(join(directory.isEmpty() ? workingDirectory : directory, program));
        }
        return candidates;
    }

    /**
     * A path the kernel opens for this process (a {@code #!} interpreter, an ELF loader): a relative one is relative
     * to the working directory, as {@code execve} reads it; null when the working directory is known only at
     * deployment.
     */
    public String inWorkingDirectory(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return TaskDefinition.isUnknown(workingDirectory) ? null : join(workingDirectory, path);
    }

    /** How many directories PATH names: a message counts them, since PATH is an environment value never printed. */
    public int pathDirectories() {
        return path.split(":", -1).length;
    }

    private static String join(String directory, String name) {
        String base = directory.startsWith("/") ? directory : "/" + directory;
        return base.endsWith("/") ? base + name : base + "/" + name;
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
