package io.github.ecspreflight.hcl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The Terraform functions task and policy definitions are built with. A function not listed here, or an impure one
 * ({@code timestamp}, {@code uuid}), yields an unknown value rather than a guess.
 */
public final class Functions {

    /** Templates that render templates: real ones go two or three deep; Terraform itself refuses recursion. */
    static final int MAX_TEMPLATE_DEPTH = 32;

    private int templateDepth;

    /** Functions that carry unknown parts of their arguments through; the others are unknown as soon as one is. */
    private static final Set<String> STRUCTURAL = Set.of(
            "jsonencode",
            "merge",
            "concat",
            "flatten",
            "lookup",
            "element",
            "length",
            "keys",
            "values",
            "coalesce",
            "coalescelist",
            "tolist",
            "toset",
            "tomap",
            "one",
            "zipmap",
            "slice",
            "reverse",
            "nonsensitive",
            "sensitive",
            "templatefile",
            "compact");

    private final Evaluator evaluator;
    private final ModuleContext module;

    Functions(Evaluator evaluator, ModuleContext module) {
        this.evaluator = evaluator;
        this.module = module;
    }

    Value call(Expr.Call call, Scope scope) {
        String name = call.name();
        if ("try".equals(name)) {
            return tryCall(call, scope);
        }
        if ("can".equals(name)) {
            try {
                Value value = evaluator.eval(call.args().get(0), scope);
                return value instanceof Value.Unknown ? Evaluator.unknown(call) : new Value.Bool(true);
            } catch (EvalException e) {
                return new Value.Bool(false);
            }
        }
        List<Value> args = new ArrayList<>();
        for (Expr arg : call.args()) {
            args.add(evaluator.eval(arg, scope));
        }
        if (call.expandLast() && !args.isEmpty()) {
            Value last = args.remove(args.size() - 1);
            if (last instanceof Value.Unknown) {
                return Evaluator.unknown(call);
            }
            args.addAll(list(last));
        }
        if ("replace".equals(name)) {
            Value partly = replaceWithUnknown(args);
            if (partly != null) {
                return partly;
            }
        }
        boolean structural = STRUCTURAL.contains(name);
        if (args.stream().anyMatch(a -> structural ? a instanceof Value.Unknown : Value.containsUnknown(a))
                && !"coalesce".equals(name)) {
            return Evaluator.unknown(call);
        }
        Value result = apply(name, call, args);
        return result == null ? Evaluator.unknown(call) : result;
    }

    /** {@code range(limit)}, {@code range(start, limit)}, {@code range(start, limit, step)}, as Terraform counts. */
    private static Value range(List<Value> a) {
        BigDecimal start = a.size() > 1 ? number(a.get(0)) : BigDecimal.ZERO;
        BigDecimal limit = number(a.get(a.size() > 1 ? 1 : 0));
        BigDecimal step = a.size() > 2 ? number(a.get(2)) : BigDecimal.valueOf(start.compareTo(limit) <= 0 ? 1 : -1);
        if (a.isEmpty() || a.size() > 3 || step.signum() == 0) {
            throw new EvalException("range() takes one to three numbers and a non-zero step");
        }
        List<Value> items = new ArrayList<>();
        for (BigDecimal n = start;
                step.signum() > 0 ? n.compareTo(limit) < 0 : n.compareTo(limit) > 0;
                n = n.add(step)) {
            if (items.size() >= 1024) {
                throw new EvalException("range() longer than 1024 elements");
            }
            items.add(new Value.Num(n));
        }
        return new Value.Tuple(items, null);
    }

    private Value tryCall(Expr.Call call, Scope scope) {
        for (Expr arg : call.args()) {
            try {
                return evaluator.eval(arg, scope);
            } catch (EvalException e) {
                // try() moves on to its next argument, as in Terraform
            }
        }
        throw new EvalException("no argument of try() could be evaluated");
    }

    /** The function's result; null for a function this evaluator does not know. */
    private Value apply(String name, Expr.Call call, List<Value> a) {
        return switch (name) {
            case "jsonencode" -> new Value.Str(JsonValues.encode(arg(a, 0)), null, arg(a, 0));
            case "jsondecode" ->
                arg(a, 0) instanceof Value.Str s && s.encoded() != null
                        ? s.encoded()
                        : JsonValues.decode(string(arg(a, 0)));
            case "file" -> module.file(string(arg(a, 0)), call.span());
            case "fileexists" -> new Value.Bool(module.fileExists(string(arg(a, 0))));
            case "templatefile" -> templatefile(call, a);
            case "merge" -> merge(a);
            case "concat" -> concat(a);
            case "flatten" -> new Value.Tuple(flatten(list(arg(a, 0))), null);
            case "lookup" -> lookup(a);
            case "element" -> element(a);
            case "length" -> new Value.Num(BigDecimal.valueOf(length(arg(a, 0))));
            case "range" -> range(a);
            case "keys" ->
                new Value.Tuple(
                        sorted(object(arg(a, 0))).keySet().stream()
                                .map(k -> (Value) new Value.Str(k))
                                .toList(),
                        null);
            case "values" ->
                new Value.Tuple(new ArrayList<>(sorted(object(arg(a, 0))).values()), null);
            case "coalesce" -> coalesce(call, a);
            case "coalescelist" ->
                a.stream().filter(v -> !list(v).isEmpty()).findFirst().orElse(new Value.Tuple(List.of(), null));
            case "tolist", "toset" ->
                arg(a, 0) instanceof Value.Null ? Value.NULL : new Value.Tuple(list(arg(a, 0)), location(arg(a, 0)));
            case "tomap", "nonsensitive", "sensitive" -> arg(a, 0);
            case "tostring" -> arg(a, 0) instanceof Value.Null ? Value.NULL : new Value.Str(string(arg(a, 0)));
            case "tonumber" -> arg(a, 0) instanceof Value.Null ? Value.NULL : new Value.Num(number(arg(a, 0)));
            case "tobool" ->
                arg(a, 0) instanceof Value.Null ? Value.NULL : new Value.Bool(Evaluator.truth(arg(a, 0), call));
            case "one" -> one(a);
            case "zipmap" -> zipmap(a);
            case "contains" -> new Value.Bool(list(arg(a, 0)).stream().anyMatch(v -> Operators.same(v, arg(a, 1))));
            case "distinct" -> distinct(a);
            case "compact" ->
                new Value.Tuple(
                        list(arg(a, 0)).stream()
                                .filter(v -> !(v instanceof Value.Null)
                                        && !(v instanceof Value.Str s
                                                && s.text().isEmpty()))
                                .toList(),
                        null);
            case "slice" -> new Value.Tuple(list(arg(a, 0)).subList(integer(arg(a, 1)), integer(arg(a, 2))), null);
            case "reverse" -> reverse(a);
            case "sort" ->
                new Value.Tuple(
                        list(arg(a, 0)).stream()
                                .map(Functions::string)
                                .sorted()
                                .map(s -> (Value) new Value.Str(s))
                                .toList(),
                        null);
            case "format" -> new Value.Str(format(string(arg(a, 0)), a.subList(1, a.size())));
            case "join" -> join(a);
            case "split" -> new Value.Tuple(splitOn(string(arg(a, 0)), string(arg(a, 1))), null);
            case "upper" -> new Value.Str(string(arg(a, 0)).toUpperCase(java.util.Locale.ROOT));
            case "lower" -> new Value.Str(string(arg(a, 0)).toLowerCase(java.util.Locale.ROOT));
            case "trimspace" -> new Value.Str(string(arg(a, 0)).strip());
            case "chomp" -> new Value.Str(string(arg(a, 0)).replaceAll("[\\r\\n]+$", ""));
            case "trimprefix" -> new Value.Str(trimPrefix(string(arg(a, 0)), string(arg(a, 1))));
            case "trimsuffix" -> new Value.Str(trimSuffix(string(arg(a, 0)), string(arg(a, 1))));
            case "trim" -> new Value.Str(trim(string(arg(a, 0)), string(arg(a, 1))));
            case "replace" -> replaceKeepingLines(a);
            case "formatlist" -> formatlist(a);
            case "substr" -> new Value.Str(substr(string(arg(a, 0)), integer(arg(a, 1)), integer(arg(a, 2))));
            case "startswith" -> new Value.Bool(string(arg(a, 0)).startsWith(string(arg(a, 1))));
            case "endswith" -> new Value.Bool(string(arg(a, 0)).endsWith(string(arg(a, 1))));
            case "strcontains" -> new Value.Bool(string(arg(a, 0)).contains(string(arg(a, 1))));
            case "indent" -> new Value.Str(string(arg(a, 1)).replace("\n", "\n" + " ".repeat(integer(arg(a, 0)))));
            case "min" ->
                new Value.Num(a.stream()
                        .map(Functions::number)
                        .min(BigDecimal::compareTo)
                        .orElseThrow(() -> new EvalException("min()")));
            case "max" ->
                new Value.Num(a.stream()
                        .map(Functions::number)
                        .max(BigDecimal::compareTo)
                        .orElseThrow(() -> new EvalException("max()")));
            case "abs" -> new Value.Num(number(arg(a, 0)).abs());
            case "ceil" -> new Value.Num(number(arg(a, 0)).setScale(0, RoundingMode.CEILING));
            case "floor" -> new Value.Num(number(arg(a, 0)).setScale(0, RoundingMode.FLOOR));
            case "alltrue" -> new Value.Bool(list(arg(a, 0)).stream().allMatch(v -> Evaluator.truth(v, call)));
            case "anytrue" -> new Value.Bool(list(arg(a, 0)).stream().anyMatch(v -> Evaluator.truth(v, call)));
            case "base64encode" ->
                new Value.Str(
                        Base64.getEncoder().encodeToString(string(arg(a, 0)).getBytes(StandardCharsets.UTF_8)));
            case "base64decode" ->
                new Value.Str(new String(Base64.getDecoder().decode(string(arg(a, 0))), StandardCharsets.UTF_8));
            case "basename" -> new Value.Str(string(arg(a, 0)).replaceAll("^.*/", ""));
            case "dirname" ->
                new Value.Str(
                        string(arg(a, 0)).contains("/") ? string(arg(a, 0)).replaceAll("/[^/]*$", "") : ".");
            default -> null;
        };
    }

    private static Value arg(List<Value> args, int index) {
        if (index >= args.size()) {
            throw new EvalException("missing argument " + (index + 1));
        }
        return args.get(index);
    }

    private Value templatefile(Expr.Call call, List<Value> a) {
        if (templateDepth >= MAX_TEMPLATE_DEPTH) {
            throw new EvaluationLimitException(
                    call.span().source().displayName() + ":" + call.span().line()
                            + ": templatefile() nests more than " + MAX_TEMPLATE_DEPTH + " deep here (a template that "
                            + "renders itself, or two that render each other?)");
        }
        Expr template = module.template(string(arg(a, 0)), call.span());
        Map<String, Value> variables = a.size() > 1 && !(a.get(1) instanceof Value.Null) ? object(a.get(1)) : Map.of();
        templateDepth++;
        try {
            return evaluator.eval(template, Scope.template(variables));
        } finally {
            templateDepth--;
        }
    }

    /**
     * Later maps win, key by key. The result is located where the map giving most keys is written: for a container
     * built as {@code merge(local.defaults, {name = ...})} that is the object the user edits.
     */
    private static Value merge(List<Value> a) {
        Map<String, Value> attributes = new LinkedHashMap<>();
        Map<String, Position> locations = new LinkedHashMap<>();
        Value.Obj widest = null;
        for (Value value : a) {
            if (value instanceof Value.Null) {
                continue;
            }
            Value.Obj obj = objectValue(value);
            attributes.putAll(obj.attributes());
            locations.putAll(obj.keyLocations());
            if (obj.location() != null
                    && (widest == null
                            || obj.attributes().size() >= widest.attributes().size())) {
                widest = obj;
            }
        }
        return new Value.Obj(attributes, locations, widest == null ? null : widest.location());
    }

    private static Value concat(List<Value> a) {
        List<Value> items = new ArrayList<>();
        a.forEach(v -> items.addAll(list(v)));
        return new Value.Tuple(items, a.isEmpty() ? null : location(a.get(0)));
    }

    private static List<Value> flatten(List<Value> items) {
        List<Value> flat = new ArrayList<>();
        for (Value item : items) {
            if (item instanceof Value.Tuple tuple) {
                flat.addAll(flatten(tuple.items()));
            } else {
                flat.add(item);
            }
        }
        return flat;
    }

    private static Value lookup(List<Value> a) {
        Map<String, Value> map = object(arg(a, 0));
        Value value = map.get(string(arg(a, 1)));
        if (value != null) {
            return value;
        }
        if (a.size() > 2) {
            return a.get(2);
        }
        throw new EvalException("lookup: no such key");
    }

    private static Value element(List<Value> a) {
        List<Value> items = list(arg(a, 0));
        if (items.isEmpty()) {
            throw new EvalException("element() of an empty list");
        }
        return items.get(Math.floorMod(integer(arg(a, 1)), items.size()));
    }

    private static int length(Value value) {
        if (value instanceof Value.Str s) {
            return s.text().codePointCount(0, s.text().length());
        }
        if (value instanceof Value.Obj o) {
            return o.attributes().size();
        }
        return list(value).size();
    }

    private static Value coalesce(Expr.Call call, List<Value> a) {
        for (Value value : a) {
            if (value instanceof Value.Unknown) {
                return Evaluator.unknown(call);
            }
            if (!(value instanceof Value.Null)
                    && !(value instanceof Value.Str s && s.text().isEmpty())) {
                return value;
            }
        }
        throw new EvalException("coalesce: no non-null argument");
    }

    private static Value one(List<Value> a) {
        List<Value> items = list(arg(a, 0));
        if (items.size() > 1) {
            throw new EvalException("one() of a list with more than one element");
        }
        return items.isEmpty() ? Value.NULL : items.get(0);
    }

    private static Value zipmap(List<Value> a) {
        List<Value> keys = list(arg(a, 0));
        List<Value> values = list(arg(a, 1));
        Map<String, Value> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.size() && i < values.size(); i++) {
            map.put(string(keys.get(i)), values.get(i));
        }
        return new Value.Obj(map);
    }

    private static Value distinct(List<Value> a) {
        List<Value> items = new ArrayList<>();
        for (Value v : list(arg(a, 0))) {
            if (items.stream().noneMatch(x -> Operators.same(x, v))) {
                items.add(v);
            }
        }
        return new Value.Tuple(items, null);
    }

    private static Value reverse(List<Value> a) {
        List<Value> items = new ArrayList<>(list(arg(a, 0)));
        java.util.Collections.reverse(items);
        return new Value.Tuple(items, null);
    }

    private static Value join(List<Value> a) {
        String separator = string(arg(a, 0));
        List<String> parts = new ArrayList<>();
        for (Value v : a.subList(1, a.size())) {
            list(v).forEach(item -> parts.add(string(item)));
        }
        return new Value.Str(String.join(separator, parts));
    }

    private static List<Value> splitOn(String separator, String text) {
        List<Value> parts = new ArrayList<>();
        for (String part : text.split(Pattern.quote(separator), -1)) {
            parts.add(new Value.Str(part));
        }
        return parts;
    }

    /** {@code format}'s verbs as Terraform documents them: %s %d %v %t %q %f and %%. */
    static String format(String spec, List<Value> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c != '%' || i + 1 >= spec.length()) {
                out.append(c);
                continue;
            }
            char verb = spec.charAt(++i);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            Value value = arg(args, next++);
            switch (verb) {
                case 's', 'v', 'd', 't' -> out.append(string(value));
                case 'q' -> out.append(JsonValues.encode(new Value.Str(string(value))));
                case 'f' -> out.append(number(value).toPlainString());
                default -> throw new EvalException("format: unsupported verb %" + verb);
            }
        }
        return out.toString();
    }

    private static String trimPrefix(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    private static String trimSuffix(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    private static String trim(String s, String cutset) {
        int start = 0;
        int end = s.length();
        while (start < end && cutset.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && cutset.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    /** A substring, or a regular expression when written {@code /.../}, as Terraform's replace() reads it. */
    /**
     * {@code replace(text, "literal", unknown)}: only what is replaced is unknown, so the text keeps every other
     * value ({@code "$${log_group}"} in a JSON file becomes {@code ${aws_cloudwatch_log_group.lg.name}}, an unknown
     * that reads as one). Null when this is not that case.
     */
    private static Value replaceWithUnknown(List<Value> a) {
        if (a.size() == 3
                && a.get(0) instanceof Value.Str text
                && a.get(1) instanceof Value.Str search
                && !(search.text().length() > 1
                        && search.text().startsWith("/")
                        && search.text().endsWith("/"))
                && !search.text().isEmpty()
                && a.get(2) instanceof Value.Unknown unknown) {
            return new Value.Str(
                    text.text().replace(search.text(), unknown.placeholder()),
                    search.text().indexOf('\n') < 0 ? text.origin() : null,
                    null);
        }
        return null;
    }

    /** {@code replace()}; a text read from a file keeps its origin while no line is added or removed. */
    private static Value replaceKeepingLines(List<Value> a) {
        Value.Str text = a.get(0) instanceof Value.Str str ? str : new Value.Str(string(arg(a, 0)));
        String search = string(arg(a, 1));
        String replacement = string(arg(a, 2));
        String result = replace(text.text(), search, replacement);
        boolean sameLines = result.chars().filter(c -> c == '\n').count()
                == text.text().chars().filter(c -> c == '\n').count();
        return new Value.Str(result, sameLines ? text.origin() : null, null);
    }

    /**
     * {@code formatlist(spec, ...)}: {@link #format} once per element of the list arguments, which must all have the
     * same length; a string argument is used for every element.
     */
    private static Value formatlist(List<Value> a) {
        String spec = string(arg(a, 0));
        List<Value> rest = a.subList(1, a.size());
        int length = -1;
        for (Value value : rest) {
            if (value instanceof Value.Tuple tuple) {
                if (length >= 0 && length != tuple.items().size()) {
                    throw new EvalException("formatlist: the lists are of different lengths");
                }
                length = tuple.items().size();
            }
        }
        if (length < 0) {
            throw new EvalException("formatlist: no list argument");
        }
        List<Value> items = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            List<Value> row = new ArrayList<>();
            for (Value value : rest) {
                row.add(value instanceof Value.Tuple tuple ? tuple.items().get(i) : value);
            }
            items.add(new Value.Str(format(spec, row)));
        }
        return new Value.Tuple(items, null);
    }

    private static String replace(String s, String search, String replacement) {
        if (search.length() > 1 && search.startsWith("/") && search.endsWith("/")) {
            return Pattern.compile(search.substring(1, search.length() - 1))
                    .matcher(s)
                    .replaceAll(replacement.replace("\\", "\\\\"));
        }
        return s.replace(search, replacement);
    }

    private static String substr(String s, int offset, int length) {
        int start = offset < 0 ? Math.max(0, s.length() + offset) : Math.min(offset, s.length());
        int end = length < 0 ? s.length() : Math.min(s.length(), start + length);
        return s.substring(start, end);
    }

    private static Map<String, Value> sorted(Map<String, Value> map) {
        return new TreeMap<>(map);
    }

    // ---- conversions, as Terraform converts automatically ----------------------------------------------------------

    public static String string(Value value) {
        if (value instanceof Value.Str s) {
            return s.text();
        }
        if (value instanceof Value.Num n) {
            return n.number().stripTrailingZeros().toPlainString();
        }
        if (value instanceof Value.Bool b) {
            return String.valueOf(b.value());
        }
        throw new EvalException("expected a string, found " + Value.typeName(value));
    }

    static BigDecimal number(Value value) {
        if (value instanceof Value.Num n) {
            return n.number();
        }
        if (value instanceof Value.Str s) {
            try {
                return new BigDecimal(s.text().strip());
            } catch (NumberFormatException e) {
                throw new EvalException("expected a number");
            }
        }
        throw new EvalException("expected a number, found " + Value.typeName(value));
    }

    private static int integer(Value value) {
        return number(value).intValue();
    }

    static List<Value> list(Value value) {
        if (value instanceof Value.Tuple t) {
            return t.items();
        }
        throw new EvalException("expected a list, found " + Value.typeName(value));
    }

    private static Map<String, Value> object(Value value) {
        return objectValue(value).attributes();
    }

    private static Value.Obj objectValue(Value value) {
        if (value instanceof Value.Obj o) {
            return o;
        }
        throw new EvalException("expected a map or object, found " + Value.typeName(value));
    }

    private static Position location(Value value) {
        return value instanceof Value.Tuple t ? t.location() : null;
    }
}
