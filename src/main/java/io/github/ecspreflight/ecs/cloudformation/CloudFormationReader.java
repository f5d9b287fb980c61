package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.Candidates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CloudFormation templates, JSON or YAML (short-form tags included), and CDK's {@code cdk.out/*.template.json}: the
 * {@code AWS::ECS::TaskDefinition} resources, read through the intrinsic functions the template alone can evaluate
 * (see {@link Intrinsics}), and the one the user means picked by logical id, CDK construct path (see {@link CdkPaths})
 * or the built image.
 */
public final class CloudFormationReader {

    private static final String TEMPLATE_SUFFIX = ".template.json";

    private CloudFormationReader() {}

    public static boolean looksLikeTemplate(LocatedJson json) {
        return json.root().has("Resources") || json.root().has("AWSTemplateFormatVersion");
    }

    /**
     * @param resource {@code taskDefinitionResource}: a logical id or a CDK construct path; may be null
     */
    public static Candidates read(LocatedJson json, String resource) throws PreflightException {
        return read(json, resource, Map.of());
    }

    /** @param parameterOverrides {@code variables}: the values {@code --parameter-overrides} gives parameters */
    public static Candidates read(LocatedJson json, String resource, Map<String, String> parameterOverrides)
            throws PreflightException {
        Template template = new Template(json, parameterOverrides);
        List<String> undeclared = template.undeclaredOverrides();
        if (!undeclared.isEmpty()) {
            throw new PreflightException("variables " + Messages.list(undeclared) + ": " + json.displayName()
                    + " declares no such parameter (its Parameters: "
                    + Messages.list(template.parameterNames()) + ")");
        }
        List<Resource> resources = Resource.of(template);
        if (resources.isEmpty()) {
            List<String> types = template.resourceTypes();
            throw json.error("the CloudFormation template has no " + TaskDefinitionResource.TYPE + " resource"
                    + (types.isEmpty() ? "" : "; it defines " + Messages.list(types)));
        }
        return choose(json.displayName(), resources, resource);
    }

    /** Whether a directory is a CDK cloud assembly ({@code cdk.out}): {@code cdk synth}'s manifest and templates. */
    public static boolean isCdkAssembly(Path directory) {
        return Files.isRegularFile(directory.resolve("manifest.json"))
                && !templates(directory).isEmpty();
    }

    /**
     * Every stack template of a CDK cloud assembly ({@code cdk.out/*.template.json}, a stage's
     * {@code assembly-*}{@code /*.template.json} too), its task definitions chosen among as in one template.
     */
    public static Candidates readCdkAssembly(Path directory, String displayName, String resource)
            throws PreflightException {
        return readCdkAssembly(directory, displayName, resource, Map.of());
    }

    /** {@link #readCdkAssembly(Path, String, String)} with {@code variables} as every stack's parameter overrides. */
    public static Candidates readCdkAssembly(
            Path directory, String displayName, String resource, Map<String, String> parameterOverrides)
            throws PreflightException {
        List<Resource> resources = new ArrayList<>();
        for (Path file : templates(directory)) {
            String name =
                    displayName + "/" + directory.relativize(file).toString().replace('\\', '/');
            resources.addAll(Resource.of(new Template(LocatedJson.parse(file, name), parameterOverrides)));
        }
        if (resources.isEmpty()) {
            throw new PreflightException("taskDefinition " + displayName + ": no stack template of this CDK cloud "
                    + "assembly defines an " + TaskDefinitionResource.TYPE);
        }
        return choose(displayName, resources, resource);
    }

    private static List<Path> templates(Path directory) {
        try (Stream<Path> files = Files.walk(directory, 2)) {
            return files.filter(f -> f.getFileName().toString().endsWith(TEMPLATE_SUFFIX) && Files.isRegularFile(f))
                    .filter(f -> f.getParent().equals(directory)
                            || f.getParent().getFileName().toString().startsWith("assembly-"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A task definition resource of a template, read only when chosen: another one's problem is not this build's. */
    private record Resource(Template template, Intrinsics intrinsics, String logicalId) {

        static List<Resource> of(Template template) {
            Intrinsics intrinsics = new Intrinsics(template);
            return template.resourcesOfType(TaskDefinitionResource.TYPE).stream()
                    .map(id -> new Resource(template, intrinsics, id))
                    .toList();
        }

        String cdkPath() {
            return template.cdkPath(logicalId);
        }

        /** {@code TaskDef54694570 (MyStack/TaskDef)}: a CDK resource with the construct path a user knows it by. */
        String describe() {
            return cdkPath() == null ? logicalId : logicalId + " (" + cdkPath().replaceFirst("/Resource$", "") + ")";
        }

        /** Addressed as {@link #describe()} shows it, so that a CDK resource shows its construct path. */
        Candidate read() throws PreflightException {
            Candidate read = TaskDefinitionResource.read(intrinsics, logicalId);
            return new Candidate(describe(), read.taskDefinition(), read.deployment());
        }

        /**
         * False only when its {@code Condition} is known to be false with the parameters' defaults: CloudFormation
         * does not create it.
         */
        boolean created() throws PreflightException {
            JsonNode condition = template.resource(logicalId).get("Condition");
            if (condition == null || !condition.isTextual()) {
                return true;
            }
            Optional<Boolean> holds = intrinsics.condition(
                    condition.asText(), Template.pointer(logicalId).appendProperty("Condition"));
            return holds.orElse(true);
        }
    }

    private static Candidates choose(String source, List<Resource> resources, String resource)
            throws PreflightException {
        if (resource != null && !resource.isBlank()) {
            return new Candidates(
                    source, List.of(named(source, resources, resource.trim()).read()));
        }
        List<Resource> created = new ArrayList<>();
        for (Resource candidate : resources) {
            if (candidate.created()) {
                created.add(candidate);
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Resource candidate : created.isEmpty() ? resources : created) {
            candidates.add(candidate.read());
        }
        return new Candidates(source, candidates);
    }

    /** The resource a logical id names, else the one a CDK construct path names; an error when none or several. */
    private static Resource named(String source, List<Resource> resources, String name) throws PreflightException {
        List<Resource> matches = matching(resources, r -> r.logicalId().equals(name));
        if (matches.isEmpty()) {
            matches = matching(resources, r -> CdkPaths.matches(r.cdkPath(), name));
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new PreflightException(
                    "taskDefinitionResource '" + name + "': not in " + source + "; it holds " + describe(resources));
        }
        throw new PreflightException("taskDefinition " + source + ": taskDefinitionResource '" + name + "' names "
                + matches.size() + " task definitions: " + describe(matches)
                + "; name one by a longer construct path or its logical id");
    }

    private static List<Resource> matching(List<Resource> resources, Predicate<Resource> test) {
        return resources.stream().filter(test).toList();
    }

    private static String describe(List<Resource> resources) {
        return Messages.list(resources.stream().map(Resource::describe).toList());
    }
}
