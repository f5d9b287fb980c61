package io.github.ecspreflight.ecs.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.InputFiles;
import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.hcl.Body;
import io.github.ecspreflight.hcl.Expr;
import io.github.ecspreflight.hcl.HclParser;
import io.github.ecspreflight.hcl.HclSource;
import io.github.ecspreflight.hcl.HclSyntaxException;
import io.github.ecspreflight.hcl.JsonValues;
import io.github.ecspreflight.hcl.Value;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/** Finds and parses a module's files: {@code *.tf} (overrides merged as Terraform does) and variable files. */
public final class TerraformFiles {

    /** A parsed {@code .tf} file. */
    public record Parsed(Path path, HclSource source, Body body) {
        boolean isOverride() {
            String name = path.getFileName().toString();
            return name.equals("override.tf") || name.endsWith("_override.tf");
        }
    }

    private final Path directory;
    private final String displayPrefix;

    TerraformFiles(Path directory, String displayPrefix) {
        this.directory = directory;
        this.displayPrefix = displayPrefix;
    }

    /** A parsed file; its syntax error named as the task-definition input it is part of. */
    static Body parse(HclSource source) throws PreflightException {
        try {
            return HclParser.parseFile(source);
        } catch (HclSyntaxException e) {
            throw syntaxError(e);
        }
    }

    static PreflightException syntaxError(HclSyntaxException e) {
        return new PreflightException("taskDefinition " + e.getMessage());
    }

    /** Every {@code *.tf} file of the directory, parsed, in name order (Terraform's own order). */
    List<Parsed> configuration() throws PreflightException {
        List<Parsed> parsed = new ArrayList<>();
        for (Path file : list(name -> name.endsWith(".tf"))) {
            HclSource source = read(file);
            parsed.add(new Parsed(file, source, parse(source)));
        }
        return parsed;
    }

    /**
     * The variables set by {@code terraform.tfvars}, {@code terraform.tfvars.json}, then {@code *.auto.tfvars} and
     * {@code *.auto.tfvars.json} in name order, later files winning, as Terraform loads them. The environment
     * ({@code TF_VAR_*}) and {@code -var} are not seen: such variables stay unknown unless they have a default.
     */
    Map<String, Value> variableValues(Function<Expr, Value> evaluate) throws PreflightException {
        List<Path> files = new ArrayList<>();
        Stream.of("terraform.tfvars", "terraform.tfvars.json")
                .map(directory::resolve)
                .filter(Files::isRegularFile)
                .forEach(files::add);
        files.addAll(list(name -> name.endsWith(".auto.tfvars") || name.endsWith(".auto.tfvars.json")));
        Map<String, Value> values = new LinkedHashMap<>();
        for (Path file : files) {
            values.putAll(variableFile(read(file), evaluate));
        }
        return values;
    }

    /**
     * The variables a {@code .tfvars} or {@code .tfvars.json} file sets ({@code varFiles}); {@code displayName} is the
     * file as the user named it.
     */
    static Map<String, Value> variableFile(Path file, String displayName, Function<Expr, Value> evaluate)
            throws PreflightException {
        if (!Files.isRegularFile(file)) {
            throw new PreflightException(
                    "varFiles " + displayName + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        return variableFile(new HclSource(displayName, InputFiles.readText(file, "varFiles " + displayName)), evaluate);
    }

    private static Map<String, Value> variableFile(HclSource source, Function<Expr, Value> evaluate)
            throws PreflightException {
        if (source.displayName().endsWith(".json")) {
            return jsonVariables(source);
        }
        Map<String, Value> values = new LinkedHashMap<>();
        for (Body.Attribute attribute : parse(source).attributes()) {
            values.put(attribute.name(), evaluate.apply(attribute.expr()));
        }
        return values;
    }

    private static Map<String, Value> jsonVariables(HclSource source) throws PreflightException {
        try {
            JsonNode root = JsonTrees.read(source.text());
            Map<String, Value> values = new LinkedHashMap<>();
            if (root != null && root.isObject()) {
                root.properties().forEach(e -> values.put(e.getKey(), JsonValues.fromJson(e.getValue())));
            }
            return values;
        } catch (IOException e) {
            throw new PreflightException(
                    "taskDefinition " + source.displayName() + ": JSON syntax error in a " + "variables file");
        }
    }

    private List<Path> list(java.util.function.Predicate<String> names) throws PreflightException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> names.test(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PreflightException(
                    "taskDefinition " + displayPrefix + ": cannot list the directory: " + reason(e));
        }
    }

    private HclSource read(Path file) throws PreflightException {
        String display = displayPrefix + file.getFileName();
        return new HclSource(display, InputFiles.readText(file, "taskDefinition " + display));
    }

    /**
     * The top-level blocks of all files, with {@code override.tf} and {@code *_override.tf} merged into the blocks they
     * override: their attributes replace the original ones and their nested blocks replace all blocks of that type.
     */
    static List<Body.Block> mergeOverrides(List<Parsed> files) {
        List<Body.Block> blocks = new ArrayList<>();
        files.stream()
                .filter(f -> !f.isOverride())
                .forEach(f -> blocks.addAll(f.body().blocks()));
        for (Parsed override : files.stream().filter(Parsed::isOverride).toList()) {
            for (Body.Block block : override.body().blocks()) {
                int index = indexOf(blocks, block);
                if (index < 0 || block.type().equals("locals")) {
                    blocks.add(block);
                } else {
                    blocks.set(index, merge(blocks.get(index), block));
                }
            }
        }
        return blocks;
    }

    private static int indexOf(List<Body.Block> blocks, Body.Block wanted) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).type().equals(wanted.type())
                    && blocks.get(i).labels().equals(wanted.labels())) {
                return i;
            }
        }
        return -1;
    }

    private static Body.Block merge(Body.Block base, Body.Block override) {
        List<Body.Attribute> attributes = new ArrayList<>(override.body().attributes());
        base.body().attributes().stream()
                .filter(a -> override.body().attribute(a.name()).isEmpty())
                .forEach(attributes::add);
        List<Body.Block> nested = new ArrayList<>(override.body().blocks());
        base.body().blocks().stream()
                .filter(b -> override.body().blocks(b.type()).isEmpty())
                .forEach(nested::add);
        return new Body.Block(base.type(), base.labels(), new Body(attributes, nested), base.span());
    }

    /** Why a file could not be read, in a few words. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return Messages.oneLine(e);
    }
}
