package io.github.ecspreflight.ecs.terraform;

import io.github.ecspreflight.common.InputFiles;
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
     * @param key the instance key as Terraform writes it in an address ({@code [0]}, {@code ["web"]}); empty for the
     *     block itself or a single instance
     * @param scope what its expressions see: {@code count.index}, {@code each.key} and {@code each.value} for an
     *     instance
     */
    public record Resource(String type, String name, Body.Block block, String key, Scope scope) {
        Resource(String type, String name, Body.Block block) {
            this(type, name, block, "", Scope.MODULE);
        }

        public String address() {
            return type + "." + name + key;
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

    private final Path directory;
    private final String displayPrefix;
    private final List<TerraformFiles.Parsed> files;
    private final Map<String, Body.Block> variables = new HashMap<>();
    private final Map<String, Body.Attribute> locals = new HashMap<>();
    private final Map<String, Value> tfvars = new HashMap<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<Resource> dataSources = new ArrayList<>();
    private final List<Body.Block> moduleCalls = new ArrayList<>();
    private final Map<String, Value> localValues = new HashMap<>();
    private final Set<String> evaluatingLocals = new HashSet<>();
    private final Map<Path, Expr> templates = new HashMap<>();
    private final Evaluator evaluator = new Evaluator(this);

    private TerraformModule(Path directory, String displayPrefix, List<TerraformFiles.Parsed> files) {
        this.directory = directory;
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
                case "resource" -> resources.add(new Resource(block.label(0), block.label(1), block));
                case "data" -> dataSources.add(new Resource(block.label(0), block.label(1), block));
                case "module" -> moduleCalls.add(block);
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
        Optional<Body.Attribute> count = resource.body().attribute("count");
        Optional<Body.Attribute> forEach = resource.body().attribute("for_each");
        if (count.isPresent()) {
            Value n = evaluate(count.get().expr());
            if (!(n instanceof Value.Num number)) {
                return List.of(instance(resource, "", "count", Map.of("index", new Value.Unknown("count.index"))));
            }
            List<Resource> instances = new ArrayList<>();
            int total = Math.min(number.number().intValue(), Evaluator.MAX_COLLECTION_ITEMS);
            for (int i = 0; i < total; i++) {
                instances.add(instance(
                        resource,
                        "[" + i + "]",
                        "count",
                        Map.of("index", new Value.Num(java.math.BigDecimal.valueOf(i)))));
            }
            return instances;
        }
        if (forEach.isPresent()) {
            Value collection = evaluate(forEach.get().expr());
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
                        resource,
                        "",
                        "each",
                        Map.of("key", new Value.Unknown("each.key"), "value", new Value.Unknown("each.value"))));
            }
            List<Resource> instances = new ArrayList<>();
            for (Map.Entry<Value, Value> entry : entries) {
                // a set of strings has each.key == each.value; a map's key is its key
                Value key = collection instanceof Value.Tuple ? entry.getValue() : entry.getKey();
                String text = key instanceof Value.Str str ? str.text() : String.valueOf(key);
                instances.add(instance(
                        resource,
                        "[\"" + text + "\"]",
                        "each",
                        Map.of("key", new Value.Str(text), "value", entry.getValue())));
            }
            return instances;
        }
        return List.of(resource);
    }

    private static Resource instance(Resource resource, String key, String name, Map<String, Value> attributes) {
        return new Resource(
                resource.type(),
                resource.name(),
                resource.block(),
                key,
                resource.scope().with(name, new Value.Obj(attributes)));
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
        if (tfvars.containsKey(name)) {
            return tfvars.get(name);
        }
        Body.Block block = variables.get(name);
        Optional<Body.Attribute> fallback =
                block == null ? Optional.empty() : block.body().attribute("default");
        if (fallback.isEmpty()) {
            return new Value.Unknown("var." + name);
        }
        return evaluateOrUnknown(fallback.get().expr(), Scope.LITERALS);
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
    public Value.Str file(String path, Span at) {
        Path file = directory.resolve(path).normalize();
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
        return Files.isRegularFile(directory.resolve(path));
    }

    @Override
    public Expr template(String path, Span at) {
        Path file = directory.resolve(path).normalize();
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
