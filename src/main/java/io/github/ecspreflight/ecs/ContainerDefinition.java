package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code containerDefinitions}: only what the checks need.
 *
 * @param essential ECS treats an absent {@code essential} as {@code true}
 * @param entryPoint null when the task definition does not override the image's Entrypoint
 * @param command null when the task definition does not override the image's Cmd
 * @param environment the container's {@code environment}; values may be secrets, so they are never printed
 *     (see {@link #toString()}) and only {@code PATH} is ever read
 * @param logConfiguration null when the container has none
 * @param location the container's first line
 * @param runtime its user, health check and memory limits
 */
public record ContainerDefinition(
        String name,
        String image,
        boolean essential,
        List<String> entryPoint,
        List<String> command,
        Map<String, String> environment,
        String workingDirectory,
        LogConfiguration logConfiguration,
        SourceLocation location,
        ContainerRuntime runtime,
        ContainerStartup startup) {

    public ContainerDefinition {
        entryPoint = entryPoint == null ? null : List.copyOf(entryPoint);
        command = command == null ? null : List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        runtime = runtime == null ? ContainerRuntime.NONE : runtime;
        startup = startup == null ? ContainerStartup.NONE : startup;
    }

    /** A container that sets no cpu, ports, dependencies, secrets or environment files. */
    public ContainerDefinition(
            String name,
            String image,
            boolean essential,
            List<String> entryPoint,
            List<String> command,
            Map<String, String> environment,
            String workingDirectory,
            LogConfiguration logConfiguration,
            SourceLocation location,
            ContainerRuntime runtime) {
        this(
                name,
                image,
                essential,
                entryPoint,
                command,
                environment,
                workingDirectory,
                logConfiguration,
                location,
                runtime,
                ContainerStartup.NONE);
    }

    /** A container that sets no user, health check or memory limit. */
    public ContainerDefinition(
            String name,
            String image,
            boolean essential,
            List<String> entryPoint,
            List<String> command,
            Map<String, String> environment,
            String workingDirectory,
            LogConfiguration logConfiguration,
            SourceLocation location) {
        this(
                name,
                image,
                essential,
                entryPoint,
                command,
                environment,
                workingDirectory,
                logConfiguration,
                location,
                ContainerRuntime.NONE);
    }

    /** The same container with what ECS prepares for it replaced. */
    public ContainerDefinition withStartup(ContainerStartup startup) {
        return new ContainerDefinition(
                name,
                image,
                essential,
                entryPoint,
                command,
                environment,
                workingDirectory,
                logConfiguration,
                location,
                runtime,
                startup);
    }

    /**
     * The same container pointed at other lines: for one read from JSON embedded in another file, whose own lines
     * mean nothing to the user.
     */
    public ContainerDefinition locatedAt(SourceLocation container, SourceLocation logs) {
        LogConfiguration log = logConfiguration == null
                ? null
                : new LogConfiguration(logConfiguration.logDriver(), logConfiguration.options(), logs);
        return new ContainerDefinition(
                name,
                image,
                essential,
                entryPoint,
                command,
                environment,
                workingDirectory,
                log,
                container,
                runtime.locatedAt(container),
                startup);
    }

    /** Names the container without its environment values, which may hold secrets. */
    @Override
    public String toString() {
        return "ContainerDefinition[name=" + name + ", image=" + image + ", essential=" + essential + ", environment="
                + environment.keySet() + "]";
    }
}
