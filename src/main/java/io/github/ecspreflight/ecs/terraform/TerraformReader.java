package io.github.ecspreflight.ecs.terraform;

import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.ecs.Candidate;
import io.github.ecspreflight.ecs.Candidates;
import io.github.ecspreflight.ecs.SourceInputs;
import io.github.ecspreflight.ecs.TaskDefinition;
import io.github.ecspreflight.ecs.TaskDefinitionChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Terraform HCL: a {@code .tf} file or a module directory. A file is read within its module (the directory's other
 * {@code .tf} files give its variables, locals and IAM roles), and only its own task definitions are candidates.
 */
public final class TerraformReader {

    private TerraformReader() {}

    /**
     * @param path a {@code .tf} file or a directory of them
     * @param displayName the path as the user wrote it, for messages and locations
     */
    public static Candidates read(Path path, String displayName, String resource) throws PreflightException {
        return read(path, displayName, resource, SourceInputs.NONE, path);
    }

    /**
     * @param inputs {@code variables}, {@code varFiles} and {@code TF_VAR_*}
     * @param baseDirectory what {@code varFiles} are relative to
     */
    public static Candidates read(
            Path path, String displayName, String resource, SourceInputs inputs, Path baseDirectory)
            throws PreflightException {
        boolean directory = Files.isDirectory(path);
        if (!directory && !Files.isRegularFile(path)) {
            throw new PreflightException("taskDefinition " + displayName + ": no such file or directory");
        }
        Path moduleDirectory =
                directory ? path : path.toAbsolutePath().normalize().getParent();
        String prefix = directory ? directoryPrefix(displayName) : parentPrefix(displayName);
        TerraformModule module = TerraformModule.load(moduleDirectory, prefix, inputs, baseDirectory);
        if (module.files().isEmpty()) {
            throw new PreflightException("taskDefinition " + displayName + ": the directory holds no .tf files");
        }
        String onlyFile = directory ? null : prefix + path.getFileName();
        List<Found> found = new ArrayList<>();
        List<TerraformModule.Unfollowed> unfollowed = new ArrayList<>();
        collect(module, onlyFile, found, unfollowed);
        if (found.isEmpty()) {
            throw noTaskDefinition(displayName, module, unfollowed);
        }
        return choose(found, displayName, resource);
    }

    /** A task definition resource instance, with the module whose expressions it is evaluated in. */
    private record Found(TerraformModule module, TerraformModule.Resource resource) {
        String address() {
            return resource.address();
        }

        /** The address without its instance key: {@code aws_ecs_task_definition.app} for {@code app["web"]}. */
        String resourceAddress() {
            return resource.address()
                    .substring(0, resource.address().length() - resource.key().length());
        }

        Candidate read(String displayName) throws PreflightException {
            return TaskDefinitionResource.read(module, resource, displayName);
        }
    }

    /**
     * The task definitions of a module and of the modules it calls, in that order. With {@code onlyFile}, those the
     * file declares, and those of the modules the file calls.
     */
    private static void collect(
            TerraformModule module, String onlyFile, List<Found> found, List<TerraformModule.Unfollowed> unfollowed)
            throws PreflightException {
        for (TerraformModule.Resource r : module.resources(TaskDefinitionResource.TYPE)) {
            if (onlyFile == null || r.location().file().equals(onlyFile)) {
                // count = 0 or an empty for_each (the usual var.create ? 1 : 0 of modules) creates none
                for (TerraformModule.Resource instance : module.instances(r)) {
                    found.add(new Found(module, instance));
                }
            }
        }
        for (TerraformModule.Child child : module.children(unfollowed)) {
            if (onlyFile == null
                    || HclPositions.located(child.call().span().location())
                            .file()
                            .equals(onlyFile)) {
                collect(child.module(), null, found, unfollowed);
            }
        }
    }

    /**
     * Reads only the task definitions needed: the one named, or all of them to choose by image. A task definition
     * that cannot be read (its containers unknown) stays a candidate that runs nothing, so that it is never chosen
     * silently in place of another and its error is shown when it is the one meant.
     */
    private static Candidates choose(List<Found> found, String displayName, String resource) throws PreflightException {
        if (resource != null && !resource.isBlank()) {
            for (Found f : found) {
                if (TaskDefinitionChoice.names(f.address(), resource)) {
                    return new Candidates(displayName, List.of(f.read(displayName)));
                }
            }
            // the resource without an instance key: its only instance, or a choice among them by image
            List<Found> instances = found.stream()
                    .filter(f ->
                            !f.resource().key().isEmpty() && TaskDefinitionChoice.names(f.resourceAddress(), resource))
                    .toList();
            if (instances.size() == 1) {
                return new Candidates(displayName, List.of(instances.get(0).read(displayName)));
            }
            if (!instances.isEmpty()) {
                return choose(instances, displayName, null);
            }
            throw TaskDefinitionChoice.notFound(
                    resource, displayName, found.stream().map(Found::address).toList());
        }
        if (found.size() == 1) {
            return new Candidates(displayName, List.of(found.get(0).read(displayName)));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Found f : found) {
            try {
                candidates.add(f.read(displayName));
            } catch (PreflightException e) {
                candidates.add(placeholder(f.resource(), displayName));
            }
        }
        return new Candidates(displayName, candidates);
    }

    private static Candidate placeholder(TerraformModule.Resource r, String displayName) {
        return Candidate.unreadable(r.address(), displayName, r.location(), TaskDefinition.Format.TERRAFORM);
    }

    private static PreflightException noTaskDefinition(
            String displayName, TerraformModule module, List<TerraformModule.Unfollowed> unfollowed) {
        if (unfollowed.isEmpty()) {
            boolean calls = !module.moduleCalls().isEmpty();
            return new PreflightException("taskDefinition " + displayName
                    + ": no aws_ecs_task_definition resource in it" + (calls ? " or in the modules it calls" : ""));
        }
        List<String> calls =
                unfollowed.stream().map(TerraformModule.Unfollowed::address).toList();
        return new PreflightException(
                "taskDefinition " + displayName + ": no aws_ecs_task_definition resource in it"
                        + "; the task definition may be in a module it calls (" + Messages.list(calls)
                        + ") from a registry or "
                        + "git source, which is read once terraform init has installed it (.terraform/modules), or from a "
                        + "plan: terraform plan -out=plan.out && terraform show -json plan.out > plan.json, and name plan.json");
    }

    /** {@code infra} or {@code infra/} as {@code infra/}; {@code .} as nothing, so files read {@code main.tf}. */
    static String directoryPrefix(String displayName) {
        String name = displayName.replace('\\', '/');
        while (name.endsWith("/") && name.length() > 1) {
            name = name.substring(0, name.length() - 1);
        }
        return name.isEmpty() || name.equals(".") ? "" : name.equals("/") ? "/" : name + "/";
    }

    /** {@code infra/main.tf} as {@code infra/}; {@code main.tf} as nothing. */
    static String parentPrefix(String displayName) {
        String name = displayName.replace('\\', '/');
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash + 1);
    }
}
