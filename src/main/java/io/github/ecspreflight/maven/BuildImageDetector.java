package io.github.ecspreflight.maven;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.github.ecspreflight.check.ImageBuilder;
import io.github.ecspreflight.common.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Finds what the build made when {@code image} is not set, and which tool made it, so that fixes can be worded in
 * that tool's terms. In order:
 * <ol>
 *   <li>Jib's {@code target/jib-image.json}: a pushed image ({@code jib:build}) by its digest; else Jib's
 *       {@code target/jib-image.tar} ({@code jib:buildTar}); else the image ID {@code jib:dockerBuild} loaded into the
 *       daemon;
 *   <li>spring-boot's {@code build-image} (bound in the pom or asked for on the command line): its {@code <image><name>}
 *       ({@code imageName}, {@code -Dspring-boot.build-image.imageName}) or the default
 *       {@code docker.io/library/ARTIFACT:VERSION}, in the registry when it publishes, else in the daemon;
 *   <li>fabric8's docker-maven-plugin: its {@code docker:save} archive when there is one, else its
 *       {@code <images><image><name>} in the daemon.
 * </ol>
 */
final class BuildImageDetector {

    private static final String JIB = "com.google.cloud.tools:jib-maven-plugin";
    private static final String SPRING_BOOT = "org.springframework.boot:spring-boot-maven-plugin";
    private static final Set<String> FABRIC8 =
            Set.of("io.fabric8:docker-maven-plugin", "io.fabric8:fabric8-maven-plugin");
    private static final Set<String> SPRING_BUILD_IMAGE = Set.of("build-image", "build-image-no-fork");
    /** Jib's jib-image.tar written this much before its jib-image.json still belongs to the same build. */
    private static final long SAME_BUILD_MILLIS = 60_000;

    /** What was looked for, for the error when nothing was found. */
    static final String LOOKED_FOR = "looked for Jib's target/jib-image.json and target/jib-image.tar, spring-boot's "
            + "build-image and fabric8 docker-maven-plugin's images";

    /**
     * An image the build left, and how it was found, for the log.
     *
     * @param jibOutput the Jib file it was found by ({@code jib-image.tar} or {@code jib-image.json}), whose age tells
     *     whether this build wrote it; null for the other builders, whose images are named, not written here
     */
    record Detected(String reference, String how, Path jibOutput) {
        Detected(String reference, String how) {
            this(reference, how, null);
        }
    }

    private BuildImageDetector() {}

    static ImageBuilder builderOf(MavenProject project) {
        if (project == null || project.getBuildPlugins() == null) {
            return ImageBuilder.DOCKER;
        }
        for (Plugin plugin : project.getBuildPlugins()) {
            String key = plugin.getGroupId() + ":" + plugin.getArtifactId();
            if (JIB.equals(key)) {
                return ImageBuilder.JIB;
            }
            if (FABRIC8.contains(key)) {
                return ImageBuilder.FABRIC8;
            }
            if (SPRING_BOOT.equals(key)
                    && plugin.getExecutions().stream()
                            .anyMatch(e -> e.getGoals().contains("build-image"))) {
                return ImageBuilder.SPRING_BOOT;
            }
        }
        return ImageBuilder.DOCKER;
    }

    /** Jib's files only (no project model): {@code target/jib-image.json}, {@code target/jib-image.tar}. */
    static Optional<Detected> detect(Path baseDirectory, Path buildDirectory) {
        return detect(null, new Properties(), List.of(), baseDirectory, buildDirectory);
    }

    /**
     * @param userProperties the session's user properties ({@code -D}), over the project's properties
     * @param goals the goals on the command line ({@code spring-boot:build-image verify})
     */
    static Optional<Detected> detect(
            MavenProject project,
            Properties userProperties,
            List<String> goals,
            Path baseDirectory,
            Path buildDirectory) {
        Optional<Detected> jib = jib(baseDirectory, buildDirectory);
        if (jib.isPresent()) {
            return jib;
        }
        if (project == null || project.getBuildPlugins() == null) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        if (project.getProperties() != null) {
            properties.putAll(project.getProperties());
        }
        if (userProperties != null) {
            properties.putAll(userProperties);
        }
        for (Plugin plugin : project.getBuildPlugins()) {
            if (SPRING_BOOT.equals(plugin.getGroupId() + ":" + plugin.getArtifactId())) {
                Optional<Detected> spring = springBoot(project, plugin, properties, goals == null ? List.of() : goals);
                if (spring.isPresent()) {
                    return spring;
                }
            }
        }
        for (Plugin plugin : project.getBuildPlugins()) {
            if (FABRIC8.contains(plugin.getGroupId() + ":" + plugin.getArtifactId())) {
                Optional<Detected> fabric8 = fabric8(project, plugin, properties, baseDirectory, buildDirectory);
                if (fabric8.isPresent()) {
                    return fabric8;
                }
            }
        }
        return Optional.empty();
    }

    // ---- Jib -------------------------------------------------------------------------------------------------------

    private static Optional<Detected> jib(Path baseDirectory, Path buildDirectory) {
        Path json = buildDirectory.resolve("jib-image.json");
        Path tar = buildDirectory.resolve("jib-image.tar");
        Detected tarImage =
                new Detected("docker-archive:" + relative(baseDirectory, tar), "Jib's jib:buildTar output", tar);
        if (!Files.isRegularFile(json)) {
            return Files.isRegularFile(tar) ? Optional.of(tarImage) : Optional.empty();
        }
        JsonNode metadata;
        try {
            metadata = JsonTrees.read(java.nio.file.Files.readAllBytes(json));
        } catch (IOException e) {
            metadata = null;
        }
        String image = metadata == null ? "" : metadata.path("image").asText("");
        String digest = metadata == null ? "" : metadata.path("imageDigest").asText("");
        String imageId = metadata == null ? "" : metadata.path("imageId").asText("");
        boolean pushed = metadata != null && metadata.path("imagePushed").asBoolean(false);
        if (pushed && !image.isEmpty() && digest.startsWith("sha256:")) {
            Optional<String> registryImage = registryReference(image, digest);
            if (registryImage.isPresent()) {
                return Optional.of(new Detected(
                        registryImage.get(),
                        "Jib's jib:build push of " + image + ", by the digest in " + relative(baseDirectory, json),
                        json));
            }
        }
        if (Files.isRegularFile(tar) && !olderThan(tar, json)) {
            return Optional.of(tarImage);
        }
        if (imageId.startsWith("sha256:")) {
            return Optional.of(new Detected(
                    "docker-daemon:" + imageId,
                    "Jib's jib:dockerBuild of "
                            + (image.isEmpty() ? "the image" : image) + " in the Docker daemon, by the image ID in "
                            + relative(baseDirectory, json),
                    json));
        }
        return Files.isRegularFile(tar) ? Optional.of(tarImage) : Optional.empty();
    }

    /** Whether {@code file} was written well before {@code than}, i.e. by an earlier build. */
    private static boolean olderThan(Path file, Path than) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + SAME_BUILD_MILLIS
                    < Files.getLastModifiedTime(than).toMillis();
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code docker://HOST/REPO[:TAG]@DIGEST}, with Docker Hub's implicit host and {@code library/} written out. */
    static Optional<String> registryReference(String image, String digest) {
        try {
            ImageReference parsed = ImageReference.parse(image);
            String registry = parsed.getRegistry().equals("registry-1.docker.io") ? "docker.io" : parsed.getRegistry();
            String tag = parsed.getTag().map(t -> ":" + t).orElse("");
            String pinned = digest != null
                    ? "@" + digest
                    : parsed.getDigest().map(d -> "@" + d).orElse("");
            return Optional.of("docker://" + registry + "/" + parsed.getRepository() + tag + pinned);
        } catch (InvalidImageReferenceException e) {
            return Optional.empty();
        }
    }

    // ---- spring-boot -----------------------------------------------------------------------------------------------

    private static Optional<Detected> springBoot(
            MavenProject project, Plugin plugin, Properties properties, List<String> goals) {
        Xpp3Dom configuration = null;
        boolean bound = false;
        for (PluginExecution execution : plugin.getExecutions()) {
            if (execution.getGoals().stream().anyMatch(SPRING_BUILD_IMAGE::contains)) {
                bound = true;
                configuration = merge((Xpp3Dom) execution.getConfiguration(), (Xpp3Dom) plugin.getConfiguration());
                break;
            }
        }
        boolean asked = goals.stream().anyMatch(goal -> {
            int colon = goal.lastIndexOf(':');
            return colon > 0
                    && SPRING_BUILD_IMAGE.contains(goal.substring(colon + 1))
                    && (goal.startsWith("spring-boot:") || goal.startsWith("org.springframework.boot:"));
        });
        if (!bound && !asked) {
            return Optional.empty();
        }
        if (configuration == null) {
            configuration = (Xpp3Dom) plugin.getConfiguration();
        }
        String name = firstNonBlank(
                properties.getProperty("spring-boot.build-image.imageName"),
                value(configuration, "image", "name"),
                value(configuration, "imageName"));
        String how = "spring-boot:build-image";
        if (name == null) {
            name = "docker.io/library/" + project.getArtifactId() + ":" + project.getVersion();
            how += " (its default image name)";
        }
        boolean publish = Boolean.parseBoolean(firstNonBlank(
                properties.getProperty("spring-boot.build-image.publish"),
                value(configuration, "image", "publish"),
                value(configuration, "publish")));
        if (publish) {
            Optional<String> registry = registryReference(name, null);
            if (registry.isPresent()) {
                return Optional.of(new Detected(registry.get(), how + ", published to the registry (publish=true)"));
            }
        }
        return Optional.of(new Detected("docker-daemon:" + name, how + ", in the Docker daemon"));
    }

    // ---- fabric8 ---------------------------------------------------------------------------------------------------

    private static Optional<Detected> fabric8(
            MavenProject project, Plugin plugin, Properties properties, Path baseDirectory, Path buildDirectory) {
        Xpp3Dom configuration = (Xpp3Dom) plugin.getConfiguration();
        for (PluginExecution execution : plugin.getExecutions()) {
            if (configuration == null || configuration.getChild("images") == null) {
                configuration = merge((Xpp3Dom) execution.getConfiguration(), configuration);
            }
        }
        Xpp3Dom images = configuration == null ? null : configuration.getChild("images");
        List<String> built = new ArrayList<>();
        List<String> all = new ArrayList<>();
        if (images != null) {
            for (Xpp3Dom image : images.getChildren("image")) {
                String name = firstNonBlank(value(image, "name"));
                if (name == null) {
                    continue;
                }
                Optional<String> resolved = fabric8Name(name, project, properties);
                if (resolved.isEmpty()) {
                    continue;
                }
                all.add(resolved.get());
                if (image.getChild("build") != null) {
                    built.add(resolved.get());
                }
            }
        }
        List<String> candidates = built.isEmpty() ? all : built;
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        String name = candidates.get(0);
        String which = candidates.size() == 1 ? "" : " (the first of " + candidates.size() + " images it builds)";
        Optional<Path> archive =
                fabric8SaveFile(configuration, properties, name, project, baseDirectory, buildDirectory);
        if (archive.isPresent() && Files.isRegularFile(archive.get())) {
            return Optional.of(new Detected(
                    "docker-archive:" + relative(baseDirectory, archive.get()),
                    "fabric8 docker-maven-plugin's docker:save archive of " + name + which));
        }
        return Optional.of(new Detected(
                "docker-daemon:" + name,
                "fabric8 docker-maven-plugin's image " + name + which + ", in the Docker daemon"));
    }

    /**
     * The image name with fabric8's placeholders resolved: {@code %g} (the last part of the group id, or
     * {@code docker.image.user}), {@code %a} (the artifact id), {@code %v} (the version, or {@code docker.image.tag}),
     * {@code %l} ({@code latest} for a SNAPSHOT). Names with time-stamped tags ({@code %t}, {@code %T}) cannot be known
     * afterwards: empty.
     */
    static Optional<String> fabric8Name(String name, MavenProject project, Properties properties) {
        if (name.contains("%t") || name.contains("%T")) {
            return Optional.empty();
        }
        String version = firstNonBlank(properties.getProperty("docker.image.tag"), project.getVersion());
        String group = project.getGroupId() == null ? "" : project.getGroupId().replaceAll("\\.+$", "");
        String user = firstNonBlank(
                properties.getProperty("docker.image.user"), sanitize(group.substring(group.lastIndexOf('.') + 1)));
        String resolved = name.replace("%g", user == null ? "" : user)
                .replace("%a", sanitize(project.getArtifactId() == null ? "" : project.getArtifactId()))
                .replace("%v", version == null ? "" : version)
                .replace("%l", version == null || version.endsWith("-SNAPSHOT") ? "latest" : version);
        return resolved.contains("%") ? Optional.empty() : Optional.of(resolved);
    }

    /** fabric8's docker:save file: configured, else {@code target/NAME-TAG.tar.gz} from the image's simple name. */
    private static Optional<Path> fabric8SaveFile(
            Xpp3Dom configuration,
            Properties properties,
            String name,
            MavenProject project,
            Path baseDirectory,
            Path buildDirectory) {
        String configured = firstNonBlank(
                properties.getProperty("docker.save.file"),
                properties.getProperty("docker.file"),
                value(configuration, "saveFile"));
        if (configured != null) {
            Path path = Path.of(configured);
            return Optional.of(path.isAbsolute() ? path : baseDirectory.resolve(path));
        }
        String alias = properties.getProperty("docker.save.alias");
        if (alias != null && !alias.isBlank()) {
            return Optional.of(
                    buildDirectory.resolve((alias + "-" + project.getVersion()).replace("/", "-") + ".tar.gz"));
        }
        // fabric8's ImageName: the repository without registry and without its first path part ("user"), and the tag;
        // jib-core takes the name apart as Docker does (Docker Hub's implicit library/ is that first part).
        ImageReference reference;
        try {
            reference = ImageReference.parse(name);
        } catch (InvalidImageReferenceException e) {
            return Optional.empty();
        }
        String tag = reference.getTag().orElse("latest");
        String repository = reference.getRepository();
        String simple = repository.contains("/") ? repository.substring(repository.indexOf('/') + 1) : repository;
        return Optional.of(buildDirectory.resolve((simple + "-" + tag).replace("/", "-") + ".tar.gz"));
    }

    private static String sanitize(String name) {
        StringBuilder result = new StringBuilder();
        int underscores = 0;
        boolean lastWasDot = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                if (++underscores <= 2) {
                    result.append(c);
                }
                continue;
            }
            if (c == '.') {
                if (!lastWasDot) {
                    result.append(c);
                }
                lastWasDot = true;
                continue;
            }
            underscores = 0;
            lastWasDot = false;
            if (Character.isLetterOrDigit(c) || c == '-') {
                result.append(c);
            }
        }
        return result.toString().toLowerCase(Locale.ROOT);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private static Xpp3Dom merge(Xpp3Dom dominant, Xpp3Dom recessive) {
        if (dominant == null) {
            return recessive;
        }
        if (recessive == null) {
            return dominant;
        }
        return Xpp3Dom.mergeXpp3Dom(new Xpp3Dom(dominant), new Xpp3Dom(recessive));
    }

    private static String value(Xpp3Dom dom, String... path) {
        Xpp3Dom node = dom;
        for (String name : path) {
            if (node == null) {
                return null;
            }
            node = node.getChild(name);
        }
        if (node == null
                || node.getValue() == null
                || node.getValue().isBlank()
                || node.getValue().contains("${")) {
            return null;
        }
        return node.getValue().trim();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    static String relative(Path base, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
    }
}
