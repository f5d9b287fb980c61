package io.github.ecspreflight.ecs.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.InputFiles;
import io.github.ecspreflight.common.JsonTrees;
import io.github.ecspreflight.common.Messages;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.ecs.SourceInputs;
import io.github.ecspreflight.hcl.Body;
import io.github.ecspreflight.hcl.EvalException;
import io.github.ecspreflight.hcl.EvaluationLimitException;
import io.github.ecspreflight.hcl.Evaluator;
import io.github.ecspreflight.hcl.Expr;
import io.github.ecspreflight.hcl.HclParser;
import io.github.ecspreflight.hcl.HclSource;
import io.github.ecspreflight.hcl.HclSyntaxException;
import io.github.ecspreflight.hcl.ModuleContext;
import io.github.ecspreflight.hcl.Position;
import io.github.ecspreflight.hcl.Scope;
import io.github.ecspreflight.hcl.Span;
import io.github.ecspreflight.hcl.TypeConstraint;
import io.github.ecspreflight.hcl.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Terraform module read from its directory: every {@code .tf} file, with {@code terraform.tfvars} and
 * {@code *.auto.tfvars} over the variables' defaults, as {@code terraform plan} would see them, minus what only a plan
 * can know. Expressions are evaluated here; see {@link Evaluator} for what stays unknown.
 */
public final class TerraformModule implements ModuleContext {

    /**
     * A {@code resource} or {@code data} block, or one instance of it ({@link #instances}).
     *
     * @param module the address of the module that declares it, {@code module.svc.}; empty in the root module
     * @param key the instance key as Terraform writes it in an address ({@code [0]}, {@code ["web"]}); empty for the
     *     block itself or a single instance
     * @param scope what its expressions see: {@code count.index}, {@code each.key} and {@code each.value} for an
     *     instance
     */
    public record Resource(String module, String type, String name, Body.Block block, String key, Scope scope) {
        Resource(String module, String type, String name, Body.Block block) {
            this(module, type, name, block, "", Scope.MODULE);
        }

        /** {@code module.svc.aws_ecs_task_definition.app["web"]}: where Terraform's plan would name it. */
        public String address() {
            return module + type + "." + name + key;
        }

        public Body body() {
            return block.body();
        }

        public SourceLocation location() {
            return HclPositions.located(block.span().location());
        }
    }

    /**
     * A nested block as Terraform expands it: written out, or one instance of a {@code dynamic} block whose
     * {@code for_each} is known ({@code scope} then binds its iterator). When {@code for_each} is unknown, so are the
     * blocks: {@code unknown} says which expression.
     */
    public record BlockInstance(Body body, Span span, Scope scope, Value.Unknown unknown) {}

    /** Modules nest at most this deep, as far as any real configuration does many times over. */
    static final int MAX_MODULE_DEPTH = 16;

    /** Arguments of a {@code module} block that are Terraform's own, not inputs of the module. */
    private static final Set<String> META_ARGUMENTS =
            Set.of("source", "version", "count", "for_each", "providers", "depends_on");

    private final Path directory;
    /** Where Terraform runs: the root module's directory, which relative {@code file()} paths start from. */
    private final Path root;
    /** {@code module.svc.} for a child module, empty for the root. */
    private final String address;
    /** {@code svc.inner}: the module's key in {@code .terraform/modules/modules.json}; empty for the root. */
    private final String key;
    /** A child module's inputs, as its calling block gives them; null for the root module, which has tfvars. */
    private final Map<String, Value> arguments;

    private final int depth;
    private final String displayPrefix;
    private final List<TerraformFiles.Parsed> files;
    private final Map<String, Body.Block> variables = new HashMap<>();
    private final Map<String, Body.Attribute> locals = new HashMap<>();
    private final Map<String, Value> tfvars = new HashMap<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<Resource> dataSources = new ArrayList<>();
    private final List<Body.Block> moduleCalls = new ArrayList<>();
    private final Map<String, Body.Block> outputs = new HashMap<>();
    /** The children each {@code module} block makes, by its name, once loaded; an empty list when not followed. */
    private final Map<String, List<Child>> children = new HashMap<>();

    private final Map<String, Unfollowed> unfollowedCalls = new HashMap<>();
    private final Map<String, Value> moduleValues = new HashMap<>();
    private final Set<String> evaluatingModules = new HashSet<>();
    private final Map<String, Value> localValues = new HashMap<>();
    private final Set<String> evaluatingLocals = new HashSet<>();
    private final Map<Path, Expr> templates = new HashMap<>();
    private final Evaluator evaluator = new Evaluator(this);

    private TerraformModule(Path directory, String displayPrefix, List<TerraformFiles.Parsed> files) {
        this(directory, directory, "", "", null, 0, displayPrefix, files);
    }

    private TerraformModule(
            Path directory,
            Path root,
            String address,
            String key,
            Map<String, Value> arguments,
            int depth,
            String displayPrefix,
            List<TerraformFiles.Parsed> files) {
        this.directory = directory;
        this.root = root;
        this.address = address;
        this.key = key;
        this.arguments = arguments;
        this.depth = depth;
        this.displayPrefix = displayPrefix;
        this.files = files;
    }

    /**
     * Reads the module in {@code directory}.
     *
     * @param displayPrefix what file names are prefixed with in locations and messages ({@code infra/}), so that they
     *     read as the user named the task definition
     */
    public static TerraformModule load(Path directory, String displayPrefix) throws PreflightException {
        return load(directory, displayPrefix, SourceInputs.NONE, directory);
    }

    /**
     * Reads the module in {@code directory} as {@code terraform plan} would with the user's inputs: its variables'
     * defaults, then {@code terraform.tfvars}, {@code *.auto.tfvars}, {@code varFiles} in the order given (relative to
     * {@code baseDirectory}), {@code TF_VAR_*}, and {@code variables} last, later ones winning.
     */
    public static TerraformModule load(Path directory, String displayPrefix, SourceInputs inputs, Path baseDirectory)
            throws PreflightException {
        TerraformFiles reader = new TerraformFiles(directory, displayPrefix);
        TerraformModule module = new TerraformModule(directory, displayPrefix, reader.configuration());
        module.index(TerraformFiles.mergeOverrides(module.files));
        try {
            java.util.function.Function<Expr, Value> literal = expr -> module.evaluateOrUnknown(expr, Scope.LITERALS);
            module.tfvars.putAll(reader.variableValues(literal));
            for (String varFile : inputs.varFiles()) {
                module.tfvars.putAll(TerraformFiles.variableFile(baseDirectory.resolve(varFile), varFile, literal));
            }
            // as Terraform does, TF_VAR_ of an undeclared variable is ignored, and -var of one is an error
            for (Map.Entry<String, String> e : inputs.environment().entrySet()) {
                if (module.variables.containsKey(e.getKey())) {
                    module.tfvars.put(
                            e.getKey(), module.raw(e.getKey(), e.getValue(), SourceInputs.TF_VAR + e.getKey()));
                }
            }
            for (Map.Entry<String, String> e : inputs.variables().entrySet()) {
                if (!module.variables.containsKey(e.getKey())) {
                    throw new PreflightException("variables " + e.getKey() + ": " + displayName(displayPrefix)
                            + " declares no variable \"" + e.getKey() + "\"");
                }
                module.tfvars.put(e.getKey(), module.raw(e.getKey(), e.getValue(), "variables " + e.getKey()));
            }
        } catch (InputException e) {
            throw e.preflight();
        } catch (EvaluationLimitException e) {
            throw new PreflightException("taskDefinition " + e.getMessage());
        }
        return module;
    }

    private static String displayName(String displayPrefix) {
        return displayPrefix.isEmpty() ? "the module" : "module " + displayPrefix;
    }

    /**
     * A value given on the command line or in the environment, read as Terraform reads it: as the string it is for a
     * variable of a primitive or no type, else as an HCL expression ({@code ["a","b"]}, {@code {cpu = 256}}).
     */
    private Value raw(String name, String text, String input) throws PreflightException {
        Optional<Body.Attribute> type = variables.get(name).body().attribute("type");
        boolean primitive = type.isEmpty()
                || type.get().expr() instanceof Expr.Variable v
                        && List.of("string", "number", "bool", "any").contains(v.name());
        if (primitive) {
            return new Value.Str(text);
        }
        try {
            return evaluateOrUnknown(HclParser.parseExpression(new HclSource(input, text)), Scope.LITERALS);
        } catch (HclSyntaxException e) {
            // the position and cause only: the value may be a secret
            String message = e.getMessage();
            int cause = message.indexOf("HCL syntax error");
            throw new PreflightException(input + ": the variable's type is not a string, so the value is read as HCL: "
                    + (cause < 0 ? "HCL syntax error" : message.substring(cause)));
        }
    }

    private void index(List<Body.Block> blocks) {
        for (Body.Block block : blocks) {
            switch (block.type()) {
                case "variable" -> variables.put(block.label(0), block);
                case "locals" -> block.body().attributes().forEach(a -> locals.put(a.name(), a));
                case "resource" -> resources.add(new Resource(address, block.label(0), block.label(1), block));
                case "data" -> dataSources.add(new Resource(address, block.label(0), block.label(1), block));
                case "module" -> moduleCalls.add(block);
                case "output" -> outputs.put(block.label(0), block);
                default -> {
                    // terraform, provider, output, moved, import...: nothing a task definition depends on
                }
            }
        }
    }

    /** The {@code .tf} files read, in name order. */
    public List<TerraformFiles.Parsed> files() {
        return files;
    }

    public List<Resource> resources(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public Optional<Resource> resource(String type, String name) {
        return resources.stream()
                .filter(r -> r.type().equals(type) && r.name().equals(name))
                .findFirst();
    }

    public Optional<Resource> dataSource(String type, String name) {
        return dataSources.stream()
                .filter(r -> r.type().equals(type) && r.name().equals(name))
                .findFirst();
    }

    public List<Body.Block> moduleCalls() {
        return moduleCalls;
    }

    /**
     * The instances Terraform makes of a resource: one per {@code count.index} or {@code for_each} element, each with
     * its own address and values; none for {@code count = 0} or an empty {@code for_each}. An unknown count or
     * collection gives one instance whose {@code count.index} or {@code each} is unknown.
     */
    public List<Resource> instances(Resource resource) throws PreflightException {
        List<Resource> instances = new ArrayList<>();
        for (Instance instance : instances(resource.body(), resource.scope())) {
            instances.add(new Resource(
                    resource.module(),
                    resource.type(),
                    resource.name(),
                    resource.block(),
                    instance.key(),
                    instance.scope()));
        }
        return instances;
    }

    /** One instance of a block with {@code count} or {@code for_each}: its address key and what it sees. */
    private record Instance(String key, Scope scope) {
        /** {@code each.key} or {@code count.index}; null for a block with neither. */
        Value keyValue() {
            Value each = scope.names().get("each");
            Value count = scope.names().get("count");
            Value holder = each != null ? each : count;
            return holder instanceof Value.Obj object ? object.get(each != null ? "key" : "index") : null;
        }
    }

    private List<Instance> instances(Body body, Scope scope) throws PreflightException {
        Optional<Body.Attribute> count = body.attribute("count");
        Optional<Body.Attribute> forEach = body.attribute("for_each");
        if (count.isPresent()) {
            Value n = evaluate(count.get().expr(), scope);
            if (!(n instanceof Value.Num number)) {
                return List.of(instance(scope, "", "count", Map.of("index", new Value.Unknown("count.index"))));
            }
            List<Instance> instances = new ArrayList<>();
            int total = Math.min(number.number().intValue(), Evaluator.MAX_COLLECTION_ITEMS);
            for (int i = 0; i < total; i++) {
                instances.add(instance(
                        scope,
                        "[" + i + "]",
                        "count",
                        Map.of("index", new Value.Num(java.math.BigDecimal.valueOf(i)))));
            }
            return instances;
        }
        if (forEach.isPresent()) {
            Value collection = evaluate(forEach.get().expr(), scope);
            List<Map.Entry<Value, Value>> entries;
            try {
                entries = collection instanceof Value.Unknown || collection instanceof Value.Null
                        ? null
                        : Evaluator.entries(collection);
            } catch (EvalException e) {
                entries = null;
            }
            if (entries == null) {
                return List.of(instance(
                        scope,
                        "",
                        "each",
                        Map.of("key", new Value.Unknown("each.key"), "value", new Value.Unknown("each.value"))));
            }
            List<Instance> instances = new ArrayList<>();
            for (Map.Entry<Value, Value> entry : entries) {
                // a set of strings has each.key == each.value; a map's key is its key
                Value key = collection instanceof Value.Tuple ? entry.getValue() : entry.getKey();
                String text = key instanceof Value.Str str ? str.text() : String.valueOf(key);
                instances.add(instance(
                        scope,
                        "[\"" + text + "\"]",
                        "each",
                        Map.of("key", new Value.Str(text), "value", entry.getValue())));
            }
            return instances;
        }
        return List.of(new Instance("", scope));
    }

    private static Instance instance(Scope scope, String key, String name, Map<String, Value> attributes) {
        return new Instance(key, scope.with(name, new Value.Obj(attributes)));
    }

    /** A child module as one {@code module} block (or one instance of it) calls it. */
    public record Child(TerraformModule module, Body.Block call, Value instanceKey) {}

    /** A {@code module} block whose source could not be read: a registry or git source before {@code terraform init}. */
    public record Unfollowed(String address, String source) {}

    /**
     * The modules this one calls, loaded with the inputs their blocks give: a local {@code ./} or {@code ../} source,
     * or a registry or git one that {@code terraform init} installed ({@code .terraform/modules/modules.json}).
     * Those not installed are returned in {@code unfollowed}.
     */
    public List<Child> children(List<Unfollowed> unfollowed) throws PreflightException {
        List<Child> all = new ArrayList<>();
        for (Body.Block call : moduleCalls) {
            all.addAll(children(call));
            Unfollowed skipped = unfollowedCalls.get(call.label(0));
            if (skipped != null) {
                unfollowed.add(skipped);
            }
        }
        return all;
    }

    /** The instances of one {@code module} block, loaded once. */
    private List<Child> children(Body.Block call) throws PreflightException {
        String name = call.label(0);
        List<Child> loaded = this.children.get(name);
        if (loaded != null) {
            return loaded;
        }
        loaded = new ArrayList<>();
        this.children.put(name, loaded);
        Optional<Body.Attribute> sourceAttribute = call.body().attribute("source");
        Value source = sourceAttribute.isEmpty()
                ? null
                : evaluate(sourceAttribute.get().expr());
        String childKey = key.isEmpty() ? name : key + "." + name;
        Path childDirectory = source instanceof Value.Str text ? moduleDirectory(text.text(), childKey) : null;
        if (childDirectory == null) {
            unfollowedCalls.put(
                    name,
                    new Unfollowed(address + "module." + name, source instanceof Value.Str text ? text.text() : "?"));
            return loaded;
        }
        if (depth + 1 > MAX_MODULE_DEPTH) {
            throw new PreflightException(
                    "taskDefinition " + HclPositions.located(call.span().location())
                            + ": modules call each other more than " + MAX_MODULE_DEPTH + " deep (does a module call "
                            + "itself?)");
        }
        TerraformFiles reader = new TerraformFiles(childDirectory, childPrefix(childDirectory));
        List<TerraformFiles.Parsed> parsed = reader.configuration();
        for (Instance instance : instances(call.body(), Scope.MODULE)) {
            Map<String, Value> inputs = new HashMap<>();
            for (Body.Attribute argument : call.body().attributes()) {
                if (!META_ARGUMENTS.contains(argument.name())) {
                    inputs.put(argument.name(), evaluateOrUnknown(argument.expr(), instance.scope()));
                }
            }
            TerraformModule child = new TerraformModule(
                    childDirectory,
                    root,
                    address + "module." + name + instance.key() + ".",
                    childKey,
                    inputs,
                    depth + 1,
                    childPrefix(childDirectory),
                    parsed);
            child.index(TerraformFiles.mergeOverrides(parsed));
            loaded.add(new Child(child, call, instance.keyValue()));
        }
        return loaded;
    }

    /**
     * {@code module.NAME}: the outputs of the module that block calls, as an object; for a block with
     * {@code for_each}, an object of them by key; with {@code count}, a list. Unknown when the module is not followed,
     * its instances are unknown, or it is still being evaluated (Terraform refuses such a cycle).
     */
    @Override
    public Value moduleOutputs(String name) {
        Value cached = moduleValues.get(name);
        if (cached != null) {
            return cached;
        }
        Body.Block call = moduleCalls.stream()
                .filter(b -> b.label(0).equals(name))
                .findFirst()
                .orElse(null);
        if (call == null || !evaluatingModules.add(name)) {
            return new Value.Unknown("module." + name);
        }
        try {
            List<Child> instances = children(call);
            Value value;
            if (instances.isEmpty() || instances.stream().anyMatch(c -> c.instanceKey() instanceof Value.Unknown)) {
                value = new Value.Unknown("module." + name);
            } else if (call.body().attribute("for_each").isPresent()) {
                Map<String, Value> byKey = new java.util.LinkedHashMap<>();
                for (Child child : instances) {
                    byKey.put(
                            ((Value.Str) child.instanceKey()).text(),
                            child.module().outputValues());
                }
                value = new Value.Obj(byKey);
            } else if (call.body().attribute("count").isPresent()) {
                List<Value> items = new ArrayList<>();
                for (Child child : instances) {
                    items.add(child.module().outputValues());
                }
                value = new Value.Tuple(items, null);
            } else {
                value = instances.get(0).module().outputValues();
            }
            moduleValues.put(name, value);
            return value;
        } catch (PreflightException e) {
            throw new InputException(e);
        } finally {
            evaluatingModules.remove(name);
        }
    }

    /** This module's outputs by name, each its {@code value} evaluated here. */
    private Value outputValues() {
        Map<String, Value> values = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Body.Block> output : new java.util.TreeMap<>(outputs).entrySet()) {
            Optional<Body.Attribute> value = output.getValue().body().attribute("value");
            values.put(
                    output.getKey(),
                    value.isEmpty() ? Value.NULL : evaluateOrUnknown(value.get().expr(), Scope.MODULE));
        }
        return new Value.Obj(values);
    }

    /** Where a module source is on disk: a local path, or where {@code terraform init} put it; null when neither. */
    private Path moduleDirectory(String source, String childKey) throws PreflightException {
        if (source.startsWith("./") || source.startsWith("../")) {
            Path local = directory.resolve(source).normalize();
            return Files.isDirectory(local) ? local : null;
        }
        Path manifest = root.resolve(".terraform/modules/modules.json");
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        String display = display(manifest);
        try {
            JsonNode modules = JsonTrees.read(InputFiles.readText(manifest, "taskDefinition " + display))
                    .path("Modules");
            for (JsonNode module : modules) {
                if (childKey.equals(module.path("Key").asText(null))) {
                    Path installed = root.resolve(module.path("Dir").asText("")).normalize();
                    return Files.isDirectory(installed) ? installed : null;
                }
            }
            return null;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new PreflightException("taskDefinition " + display + ": not the JSON terraform init writes ("
                    + Messages.jsonCause(e.getOriginalMessage()) + "); run terraform init again");
        }
    }

    private String childPrefix(Path childDirectory) {
        String shown = display(childDirectory);
        String normalized =
                Path.of(shown.isEmpty() ? "." : shown).normalize().toString().replace('\\', '/');
        return normalized.isEmpty() || normalized.equals(".") ? "" : normalized + "/";
    }

    /** {@code module.svc.}: where this module's resources are addressed; empty for the root module. */
    public String address() {
        return address;
    }

    /** The value of an expression of this module; unknown where Terraform would need a plan or would fail. */
    public Value evaluate(Expr expr) throws PreflightException {
        return evaluate(expr, Scope.MODULE);
    }

    /** {@link #evaluate(Expr)} inside a dynamic block or another scope. */
    public Value evaluate(Expr expr, Scope scope) throws PreflightException {
        try {
            return evaluateOrUnknown(expr, scope);
        } catch (InputException e) {
            throw e.preflight();
        } catch (EvaluationLimitException e) {
            throw new PreflightException("taskDefinition " + e.getMessage());
        }
    }

    /** An attribute of a block instance, or null when it is not set (its value is then null too). */
    public Value attribute(BlockInstance block, String name) throws PreflightException {
        if (block.unknown() != null) {
            return block.unknown();
        }
        Optional<Body.Attribute> attribute = block.body().attribute(name);
        return attribute.isEmpty() ? null : evaluate(attribute.get().expr(), block.scope());
    }

    /** The nested blocks of a type, {@code dynamic} ones expanded where their {@code for_each} is known. */
    public List<BlockInstance> blocks(Body body, String type) throws PreflightException {
        return blocks(body, type, Scope.MODULE);
    }

    /** {@link #blocks(Body, String)} inside a resource instance, whose {@code count} or {@code each} they see. */
    public List<BlockInstance> blocks(Body body, String type, Scope scope) throws PreflightException {
        List<BlockInstance> instances = new ArrayList<>();
        for (Body.Block block : body.blocks()) {
            if (block.type().equals(type)) {
                instances.add(new BlockInstance(block.body(), block.span(), scope, null));
            } else if (block.type().equals("dynamic") && type.equals(block.label(0))) {
                instances.addAll(dynamic(block, type, scope));
            }
        }
        return instances;
    }

    private List<BlockInstance> dynamic(Body.Block block, String type, Scope scope) throws PreflightException {
        Optional<Body.Attribute> forEach = block.body().attribute("for_each");
        List<Body.Block> content = block.body().blocks("content");
        if (forEach.isEmpty() || content.isEmpty()) {
            return List.of();
        }
        Value collection = evaluate(forEach.get().expr(), scope);
        Body contentBody = content.get(0).body();
        if (collection instanceof Value.Unknown unknown) {
            return List.of(new BlockInstance(contentBody, block.span(), scope, unknown));
        }
        String iterator = block.body()
                .attribute("iterator")
                .map(a -> a.expr() instanceof Expr.Variable v ? v.name() : type)
                .orElse(type);
        List<BlockInstance> instances = new ArrayList<>();
        List<Map.Entry<Value, Value>> entries;
        try {
            entries =
                    Evaluator.entries(collection instanceof Value.Null ? new Value.Tuple(List.of(), null) : collection);
        } catch (EvalException e) {
            return List.of(new BlockInstance(
                    contentBody,
                    block.span(),
                    scope,
                    Evaluator.unknown(forEach.get().expr())));
        }
        for (Map.Entry<Value, Value> entry : entries) {
            Map<String, Value> each = new LinkedHashMap<>();
            each.put("key", entry.getKey());
            each.put("value", entry.getValue());
            instances.add(new BlockInstance(
                    contentBody, content.get(0).span(), scope.with(iterator, new Value.Obj(each)), null));
        }
        return instances;
    }

    // ---- ModuleContext ---------------------------------------------------------------------------------------------

    @Override
    public Value variable(String name) {
        Body.Block block = variables.get(name);
        Value value;
        // a null given to a variable declared nullable = false takes its default, as in Terraform
        boolean nullable = block == null
                || block.body()
                        .attribute("nullable")
                        .map(a -> !(evaluateOrUnknown(a.expr(), Scope.LITERALS) instanceof Value.Bool b && !b.value()))
                        .orElse(true);
        Value given = arguments != null && arguments.containsKey(name)
                ? arguments.get(name)
                : tfvars.containsKey(name) ? tfvars.get(name) : null;
        if (given != null && !(given instanceof Value.Null && !nullable)) {
            value = given;
        } else {
            Optional<Body.Attribute> fallback =
                    block == null ? Optional.empty() : block.body().attribute("default");
            if (fallback.isEmpty()) {
                return new Value.Unknown("var." + name);
            }
            value = evaluateOrUnknown(fallback.get().expr(), Scope.LITERALS);
        }
        Optional<Body.Attribute> type =
                block == null ? Optional.empty() : block.body().attribute("type");
        return type.isEmpty()
                ? value
                : TypeConstraint.conform(type.get().expr(), value, expr -> evaluateOrUnknown(expr, Scope.LITERALS));
    }

    @Override
    public Value local(String name) {
        if (localValues.containsKey(name)) {
            return localValues.get(name);
        }
        Body.Attribute attribute = locals.get(name);
        if (attribute == null || !evaluatingLocals.add(name)) {
            return new Value.Unknown("local." + name);
        }
        try {
            Value value = evaluateOrUnknown(attribute.expr(), Scope.MODULE);
            localValues.put(name, value);
            return value;
        } finally {
            evaluatingLocals.remove(name);
        }
    }

    @Override
    public Value path(String name) {
        return switch (name) {
            case "module" -> new Value.Str(relativeToRoot(directory));
            case "root", "cwd" -> new Value.Str(".");
            default -> null;
        };
    }

    private String relativeToRoot(Path path) {
        String relative = root.toAbsolutePath()
                .normalize()
                .relativize(path.toAbsolutePath().normalize())
                .toString()
                .replace('\\', '/');
        return relative.isEmpty() ? "." : relative;
    }

    @Override
    public Value.Str file(String path, Span at) {
        Path file = root.resolve(path).normalize();
        String display = display(file);
        try {
            String text = InputFiles.readText(
                    file, "taskDefinition " + at.location() + ": file(\"" + path + "\"): cannot read " + display);
            return new Value.Str(text, new Position(display, 1), null);
        } catch (PreflightException e) {
            throw new InputException(e);
        }
    }

    @Override
    public boolean fileExists(String path) {
        return Files.isRegularFile(root.resolve(path));
    }

    @Override
    public Expr template(String path, Span at) {
        Path file = root.resolve(path).normalize();
        Expr cached = templates.get(file);
        if (cached != null) {
            return cached;
        }
        String display = display(file);
        try {
            String text = InputFiles.readText(
                    file,
                    "taskDefinition " + at.location() + ": templatefile(\"" + path + "\"): cannot read " + display);
            Expr template = HclParser.parseTemplate(new HclSource(display, text));
            templates.put(file, template);
            return template;
        } catch (PreflightException e) {
            throw new InputException(e);
        } catch (HclSyntaxException e) {
            throw new InputException(TerraformFiles.syntaxError(e));
        }
    }

    private Value evaluateOrUnknown(Expr expr, Scope scope) {
        try {
            return evaluator.eval(expr, scope);
        } catch (EvalException e) {
            return Evaluator.unknown(expr);
        }
    }

    /** A file of this module as the user sees it: {@code infra/containers/app.json}. */
    String display(Path file) {
        Path relative = directory
                .toAbsolutePath()
                .normalize()
                .relativize(file.toAbsolutePath().normalize());
        return displayPrefix + relative.toString().replace('\\', '/');
    }
}
