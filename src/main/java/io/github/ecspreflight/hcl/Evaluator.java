package io.github.ecspreflight.hcl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives an expression the value Terraform would, as far as it can be known without a plan: what depends on a
 * resource, data source, module output or unset variable stays {@link Value.Unknown}, and whatever is computed from
 * an unknown is unknown too, so no value is ever invented.
 */
public final class Evaluator {

    /**
     * How deep expressions may nest through references, calls and templates. Real modules stay below a few dozen;
     * each level costs a few dozen stack frames, so this stays far below where a default stack overflows.
     */
    public static final int MAX_DEPTH = 500;
    /** Evaluation steps for one module: real ones take thousands. */
    public static final long MAX_STEPS = 5_000_000;
    /** The longest string a value may be: a rendered task definition is kilobytes. */
    public static final int MAX_STRING_CHARS = 8 * 1024 * 1024;
    /** The most items a list, set, map or object may have. */
    public static final int MAX_COLLECTION_ITEMS = 1_000_000;

    private final ModuleContext module;
    private final Functions functions;
    private int depth;
    private long steps;

    public Evaluator(ModuleContext module) {
        this.module = module;
        this.functions = new Functions(this, module);
    }

    public Value eval(Expr expr, Scope scope) {
        if (depth >= MAX_DEPTH) {
            throw new EvaluationLimitException(expr.span().source().displayName() + ":"
                    + expr.span().line()
                    + ": expressions nest more than " + MAX_DEPTH + " deep here (a chain of locals that long, or a "
                    + "templatefile() that renders itself?)");
        }
        if (++steps > MAX_STEPS) {
            throw new EvaluationLimitException(expr.span().source().displayName() + ":"
                    + expr.span().line()
                    + ": evaluating the module takes more than " + MAX_STEPS + " steps (a for expression over a huge "
                    + "range, nested?)");
        }
        depth++;
        try {
            return bounded(evalNested(expr, scope), expr);
        } finally {
            depth--;
        }
    }

    /** A value larger than any a task definition needs is refused where it is made: doubling it again would fill the heap. */
    private static Value bounded(Value value, Expr expr) {
        boolean tooLarge = value instanceof Value.Str str && str.text().length() > MAX_STRING_CHARS
                || value instanceof Value.Tuple tuple && tuple.items().size() > MAX_COLLECTION_ITEMS
                || value instanceof Value.Obj obj && obj.attributes().size() > MAX_COLLECTION_ITEMS;
        if (tooLarge) {
            throw new EvaluationLimitException(
                    expr.span().source().displayName() + ":" + expr.span().line()
                            + ": this expression makes a value larger than any configuration needs (more than "
                            + MAX_STRING_CHARS + " characters or " + MAX_COLLECTION_ITEMS + " items)");
        }
        return value;
    }

    private Value evalNested(Expr expr, Scope scope) {
        if (expr instanceof Expr.Literal literal) {
            return literal.value();
        }
        if (expr instanceof Expr.Template template) {
            return template(template, scope);
        }
        if (expr instanceof Expr.Variable variable) {
            Value bound = scope.names().get(variable.name());
            return bound != null ? bound : unknown(expr);
        }
        if (expr instanceof Expr.GetAttr get) {
            return getAttr(get, scope);
        }
        if (expr instanceof Expr.Index index) {
            return index(index, scope);
        }
        if (expr instanceof Expr.Splat splat) {
            return splat(splat, scope);
        }
        if (expr instanceof Expr.Call call) {
            return functions.call(call, scope);
        }
        if (expr instanceof Expr.Conditional conditional) {
            Value condition = eval(conditional.condition(), scope);
            if (condition instanceof Value.Unknown) {
                return unknown(expr);
            }
            return truth(condition, expr) ? eval(conditional.then(), scope) : eval(conditional.otherwise(), scope);
        }
        if (expr instanceof Expr.Binary binary) {
            return Operators.binary(binary, eval(binary.left(), scope), eval(binary.right(), scope));
        }
        if (expr instanceof Expr.Unary unary) {
            return Operators.unary(unary, eval(unary.operand(), scope));
        }
        if (expr instanceof Expr.TupleCons tuple) {
            List<Value> items = new ArrayList<>();
            for (Expr item : tuple.items()) {
                items.add(eval(item, scope));
            }
            return new Value.Tuple(items, tuple.span().location());
        }
        if (expr instanceof Expr.ObjectCons object) {
            return object(object, scope);
        }
        if (expr instanceof Expr.For forExpr) {
            return forExpression(forExpr, scope);
        }
        throw new IllegalStateException(
                "unhandled expression " + expr.getClass().getSimpleName());
    }

    public static Value.Unknown unknown(Expr expr) {
        return new Value.Unknown(expr.span().text());
    }

    private Value getAttr(Expr.GetAttr get, Scope scope) {
        if (get.target() instanceof Expr.Variable root && !scope.names().containsKey(root.name())) {
            if (scope.moduleReferences()) {
                switch (root.name()) {
                    case "var":
                        return module.variable(get.name());
                    case "local":
                        return module.local(get.name());
                    case "module":
                        return module.moduleOutputs(get.name());
                    case "path":
                        Value path = module.path(get.name());
                        return path != null ? path : unknown(get);
                    default:
                        return unknown(get);
                }
            }
            return unknown(get);
        }
        Value target = eval(get.target(), scope);
        if (target instanceof Value.Unknown) {
            return unknown(get);
        }
        if (target instanceof Value.Obj object && object.get(get.name()) != null) {
            return object.get(get.name());
        }
        // Terraform rejects a missing attribute (try() then falls back); where no try() catches it, the value is
        // unknown rather than a guessed null, which could read as "absent" and invent a finding
        throw new EvalException("cannot read ." + get.name() + " of " + Value.typeName(target));
    }

    private Value index(Expr.Index index, Scope scope) {
        Value target = eval(index.target(), scope);
        Value key = eval(index.key(), scope);
        if (target instanceof Value.Unknown || key instanceof Value.Unknown) {
            return unknown(index);
        }
        return element(target, key);
    }

    static Value element(Value target, Value key) {
        if (target instanceof Value.Tuple tuple && key instanceof Value.Num number) {
            int i = number.number().intValue();
            if (i < 0 || i >= tuple.items().size()) {
                throw new EvalException("index " + i + " out of range");
            }
            return tuple.items().get(i);
        }
        if (target instanceof Value.Obj object) {
            Value value = object.get(Functions.string(key));
            if (value == null) {
                throw new EvalException("no key " + Functions.string(key));
            }
            return value;
        }
        throw new EvalException("cannot index " + Value.typeName(target));
    }

    private Value splat(Expr.Splat splat, Scope scope) {
        Value source = eval(splat.source(), scope);
        if (source instanceof Value.Unknown) {
            return unknown(splat);
        }
        List<Value> items = source instanceof Value.Tuple tuple
                ? tuple.items()
                : source instanceof Value.Null ? List.of() : List.of(source);
        List<Value> result = new ArrayList<>();
        for (Value item : items) {
            Value value = item;
            for (Expr.Step step : splat.steps()) {
                if (value instanceof Value.Unknown) {
                    return unknown(splat);
                }
                if (step.name() != null) {
                    if (!(value instanceof Value.Obj object)) {
                        throw new EvalException("cannot read ." + step.name() + " of " + Value.typeName(value));
                    }
                    if (object.get(step.name()) == null) {
                        throw new EvalException("no attribute " + step.name());
                    }
                    value = object.get(step.name());
                } else {
                    Value key = eval(step.key(), scope);
                    if (key instanceof Value.Unknown) {
                        return unknown(splat);
                    }
                    value = element(value, key);
                }
            }
            result.add(value);
        }
        return new Value.Tuple(result, null);
    }

    private Value object(Expr.ObjectCons object, Scope scope) {
        Map<String, Value> attributes = new LinkedHashMap<>();
        Map<String, Position> locations = new LinkedHashMap<>();
        for (Expr.Item item : object.items()) {
            String key = item.literalKey();
            if (key == null) {
                Value keyValue = eval(item.key(), scope);
                if (keyValue instanceof Value.Unknown) {
                    return unknown(object);
                }
                key = Functions.string(keyValue);
            }
            attributes.put(key, eval(item.value(), scope));
            locations.put(key, item.keySpan().location());
        }
        return new Value.Obj(attributes, locations, object.span().location());
    }

    private Value forExpression(Expr.For forExpr, Scope scope) {
        Value collection = eval(forExpr.collection(), scope);
        if (collection instanceof Value.Unknown) {
            return unknown(forExpr);
        }
        List<Map.Entry<Value, Value>> entries = entries(collection);
        List<Value> items = new ArrayList<>();
        Map<String, Value> attributes = new LinkedHashMap<>();
        Map<String, List<Value>> groups = new LinkedHashMap<>();
        for (Map.Entry<Value, Value> entry : entries) {
            Scope inner = scope.with(forExpr.valueVar(), entry.getValue());
            if (forExpr.keyVar() != null) {
                inner = inner.with(forExpr.keyVar(), entry.getKey());
            }
            Value value = null;
            if (forExpr.condition() != null) {
                Value keep = eval(forExpr.condition(), inner);
                if (keep instanceof Value.Unknown) {
                    // {for k, v in x : k => v if v != null} over an unknown v: the element is kept, as unknown as its
                    // value, which no check judges; a known value behind an unknown condition makes the result unknown
                    value = eval(forExpr.value(), inner);
                    if (!(value instanceof Value.Unknown)) {
                        return unknown(forExpr);
                    }
                } else if (!truth(keep, forExpr)) {
                    continue;
                }
            }
            if (value == null) {
                value = eval(forExpr.value(), inner);
            }
            if (forExpr.key() == null) {
                items.add(value);
                continue;
            }
            Value key = eval(forExpr.key(), inner);
            if (key instanceof Value.Unknown) {
                return unknown(forExpr);
            }
            if (forExpr.grouping()) {
                groups.computeIfAbsent(Functions.string(key), k -> new ArrayList<>())
                        .add(value);
            } else {
                attributes.put(Functions.string(key), value);
            }
        }
        if (forExpr.key() == null) {
            return new Value.Tuple(items, forExpr.span().location());
        }
        if (forExpr.grouping()) {
            groups.forEach((k, v) -> attributes.put(k, new Value.Tuple(v, null)));
        }
        // {for k, v in object : k => v if ...} keeps the object's keys, so it keeps where they are written too
        Map<String, Position> keyLocations = new LinkedHashMap<>();
        Position location = forExpr.span().location();
        if (collection instanceof Value.Obj source
                && forExpr.key() instanceof Expr.Variable key
                && key.name().equals(forExpr.keyVar())
                && !forExpr.grouping()) {
            attributes.keySet().stream()
                    .filter(source.keyLocations()::containsKey)
                    .forEach(k -> keyLocations.put(k, source.keyLocations().get(k)));
            location = source.location() != null ? source.location() : location;
        }
        return new Value.Obj(attributes, keyLocations, location);
    }

    /** The (key, value) pairs a for expression iterates: (index, item) of a list, (key, value) of a map by key. */
    public static List<Map.Entry<Value, Value>> entries(Value collection) {
        List<Map.Entry<Value, Value>> entries = new ArrayList<>();
        if (collection instanceof Value.Tuple tuple) {
            for (int i = 0; i < tuple.items().size(); i++) {
                entries.add(Map.entry(
                        new Value.Num(BigDecimal.valueOf(i)), tuple.items().get(i)));
            }
        } else if (collection instanceof Value.Obj object) {
            // Terraform iterates a map's keys in lexical order, whatever order they were written in
            new java.util.TreeMap<>(object.attributes()).forEach((k, v) -> entries.add(Map.entry(new Value.Str(k), v)));
        } else {
            throw new EvalException("cannot iterate over " + Value.typeName(collection));
        }
        return entries;
    }

    static boolean truth(Value value, Expr at) {
        if (value instanceof Value.Bool bool) {
            return bool.value();
        }
        if (value instanceof Value.Str str && ("true".equals(str.text()) || "false".equals(str.text()))) {
            return Boolean.parseBoolean(str.text());
        }
        throw new EvalException(at.span().text() + " is not a bool");
    }

    private Value template(Expr.Template template, Scope scope) {
        List<TemplatePart> parts = template.parts();
        if (!template.heredoc() && parts.size() == 1 && parts.get(0) instanceof TemplatePart.Interpolation only) {
            // "${expr}" alone is the value itself, not its string form, as in Terraform
            return eval(only.expr(), scope);
        }
        StringBuilder out = new StringBuilder();
        if (!render(parts, scope, out)) {
            return unknown(template);
        }
        Position origin = template.heredoc()
                ? new Position(template.span().source().displayName(), firstContentLine(template))
                : null;
        return new Value.Str(out.toString(), origin, null);
    }

    private static int firstContentLine(Expr.Template template) {
        Span span = template.span();
        // a heredoc's text starts on the line after <<EOT; a template file's on its first line
        return span.start() == 0 ? 1 : span.line() + 1;
    }

    /** Appends the rendered parts; false when a directive depends on an unknown value. */
    private boolean render(List<TemplatePart> parts, Scope scope, StringBuilder out) {
        for (TemplatePart part : parts) {
            if (part instanceof TemplatePart.Text text) {
                out.append(text.text());
            } else if (part instanceof TemplatePart.Interpolation interpolation) {
                Value value = eval(interpolation.expr(), scope);
                out.append(value instanceof Value.Unknown u ? u.placeholder() : Functions.string(value));
            } else if (part instanceof TemplatePart.If ifPart) {
                Value condition = eval(ifPart.condition(), scope);
                if (condition instanceof Value.Unknown) {
                    return false;
                }
                if (!render(truth(condition, ifPart.condition()) ? ifPart.then() : ifPart.otherwise(), scope, out)) {
                    return false;
                }
            } else if (part instanceof TemplatePart.For forPart) {
                Value collection = eval(forPart.collection(), scope);
                if (collection instanceof Value.Unknown) {
                    return false;
                }
                for (Map.Entry<Value, Value> entry : entries(collection)) {
                    Scope inner = scope.with(forPart.valueVar(), entry.getValue());
                    if (forPart.keyVar() != null) {
                        inner = inner.with(forPart.keyVar(), entry.getKey());
                    }
                    if (!render(forPart.body(), inner, out)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static BigDecimal divide(BigDecimal a, BigDecimal b) {
        if (b.signum() == 0) {
            throw new EvalException("division by zero");
        }
        return a.divide(b, MathContext.DECIMAL64);
    }
}
