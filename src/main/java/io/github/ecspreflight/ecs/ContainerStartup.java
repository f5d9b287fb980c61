package io.github.ecspreflight.ecs;

import java.util.List;

/**
 * What ECS prepares for a container before it starts it, and what it checks when the task definition is registered:
 * its CPU units, its port mappings, the containers it waits for, and what the execution role fetches for it (its
 * {@code secrets}, its {@code environmentFiles}, a private registry's credentials). Values unknown statically are kept
 * as written inside {@code ${...}}.
 *
 * @param cpu {@code cpu} units, or null when not set
 * @param repositoryCredentials {@code repositoryCredentials.credentialsParameter}: a Secrets Manager secret; null when
 *     the image needs none
 */
public record ContainerStartup(
        Integer cpu,
        List<PortMapping> portMappings,
        List<Dependency> dependsOn,
        List<Secret> secrets,
        List<String> environmentFiles,
        String repositoryCredentials) {

    public static final ContainerStartup NONE =
            new ContainerStartup(null, List.of(), List.of(), List.of(), List.of(), null);

    public ContainerStartup {
        portMappings = List.copyOf(portMappings);
        dependsOn = List.copyOf(dependsOn);
        secrets = List.copyOf(secrets);
        environmentFiles = List.copyOf(environmentFiles);
    }

    /** {@code portMappings[]}: either port null when not set. */
    public record PortMapping(Integer containerPort, Integer hostPort) {}

    /** {@code dependsOn[]}: {@code containerName} and {@code condition} ({@code START}, {@code HEALTHY}, ...). */
    public record Dependency(String containerName, String condition) {}

    /**
     * {@code secrets[]}: the variable's name, and where ECS reads its value: a Secrets Manager secret's ARN (with an
     * optional {@code :json-key:version-stage:version-id} suffix), or an SSM parameter's name or ARN. The value itself
     * is never read.
     *
     * @param kmsKey the customer-managed KMS key the configuration encrypts it with, which the execution role must be
     *     able to decrypt with; null when none is shown (AWS's own key needs no grant)
     */
    public record Secret(String name, String valueFrom, String kmsKey) {

        public Secret(String name, String valueFrom) {
            this(name, valueFrom, null);
        }

        /** The same secret, known to be encrypted with {@code key}. */
        public Secret encryptedWith(String key) {
            return new Secret(name, valueFrom, key);
        }
    }

    /** The same container with other secrets. */
    public ContainerStartup withSecrets(List<Secret> secrets) {
        return new ContainerStartup(cpu, portMappings, dependsOn, secrets, environmentFiles, repositoryCredentials);
    }
}
