package io.github.ecspreflight.ecs.terraform;

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
import java.util.stream.Collectors;

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
        List<TerraformModule.Resource> resources = new ArrayList<>();
        for (TerraformModule.Resource r : module.resources(TaskDefinitionResource.TYPE)) {
            if (onlyFile == null || r.location().file().equals(onlyFile)) {
                // count = 0 or an empty for_each (the usual var.create ? 1 : 0 of modules) creates none
                resources.addAll(module.instances(r));
            }
        }
        if (resources.isEmpty()) {
            throw noTaskDefinition(displayName, module);
        }
        return choose(module, resources, displayName, resource);
    }

    /**
     * Reads only the task definitions needed: the one named, or all of them to choose by image. A task definition
     * that cannot be read (its containers unknown) stays a candidate that runs nothing, so that it is never chosen
     * silently in place of another and its error is shown when it is the one meant.
     */
    private static Candidates choose(
            TerraformModule module, List<TerraformModule.Resource> resources, String displayName, String resource)
            throws PreflightException {
        if (resource != null && !resource.isBlank()) {
            for (TerraformModule.Resource r : resources) {
                if (TaskDefinitionChoice.names(r.address(), resource)) {
                    return new Candidates(displayName, List.of(TaskDefinitionResource.read(module, r, displayName)));
                }
            }
            // the resource without an instance key: its only instance, or a choice among them by image
            List<TerraformModule.Resource> instances = resources.stream()
                    .filter(r -> !r.key().isEmpty()
                            && TaskDefinitionChoice.names(
                                    r.address()
                                            .substring(
                                                    0,
                                                    r.address().length()
                                                            - r.key().length()),
                                    resource))
                    .toList();
            if (instances.size() == 1) {
                return new Candidates(
                        displayName, List.of(TaskDefinitionResource.read(module, instances.get(0), displayName)));
            }
            if (!instances.isEmpty()) {
                return choose(module, instances, displayName, null);
            }
            throw TaskDefinitionChoice.notFound(
                    resource,
                    displayName,
                    resources.stream().map(TerraformModule.Resource::address).toList());
        }
        if (resources.size() == 1) {
            return new Candidates(
                    displayName, List.of(TaskDefinitionResource.read(module, resources.get(0), displayName)));
        }
        List<Candidate> candidates = new ArrayList<>();
        for (TerraformModule.Resource r : resources) {
            try {
                candidates.add(TaskDefinitionResource.read(module, r, displayName));
            } catch (PreflightException e) {
                candidates.add(placeholder(r, displayName));
            }
        }
        return new Candidates(displayName, candidates);
    }

    private static Candidate placeholder(TerraformModule.Resource r, String displayName) {
        return Candidate.unreadable(r.address(), displayName, r.location(), TaskDefinition.Format.TERRAFORM);
    }

    private static PreflightException noTaskDefinition(String displayName, TerraformModule module) {
        String modules =
                module.moduleCalls().stream().map(b -> "module." + b.label(0)).collect(Collectors.joining(", "));
        return new PreflightException("taskDefinition " + displayName + ": no aws_ecs_task_definition resource in it"
                + (modules.isEmpty()
                        ? ""
                        : "; the task definition may be in a module it calls (" + modules + "), "
                                + "which is read from a plan: terraform plan -out=plan.out && terraform show -json plan.out "
                                + "> plan.json, and name plan.json"));
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
