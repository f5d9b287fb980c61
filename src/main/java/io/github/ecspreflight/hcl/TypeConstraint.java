package io.github.ecspreflight.hcl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A variable's {@code type} applied to the value it is given, as far as it changes what expressions see: the
 * attributes an {@code object({...})} type declares {@code optional(T, default)} are added where the value lacks them
 * (with their default, else null), through {@code map()}, {@code list()}, {@code set()} and {@code tuple()} of such
 * objects. Modules such as terraform-aws-modules read those attributes unguarded ({@code v.create}), which Terraform
 * allows because the type conversion put them there. Nothing else is converted: the evaluator is not a type checker.
 */
public final class TypeConstraint {

    private TypeConstraint() {}

    /**
     * @param type the {@code type} expression as written ({@code map(object({create = optional(bool, true)}))})
     * @param evaluate evaluates an {@code optional()} default
     */
    public static Value conform(Expr type, Value value, Function<Expr, Value> evaluate) {
        if (type == null || value == null || value instanceof Value.Unknown || value instanceof Value.Null) {
            return value;
        }
        if (!(type instanceof Expr.Call call) || call.args().isEmpty()) {
            return value;
        }
        Expr element = call.args().get(0);
        switch (call.name()) {
            case "map" -> {
                if (value instanceof Value.Obj object) {
                    Map<String, Value> items = new LinkedHashMap<>();
                    object.attributes().forEach((k, v) -> items.put(k, conform(element, v, evaluate)));
                    return new Value.Obj(items, object.keyLocations(), object.location());
                }
            }
            case "list", "set" -> {
                if (value instanceof Value.Tuple tuple) {
                    List<Value> items = new ArrayList<>();
                    tuple.items().forEach(v -> items.add(conform(element, v, evaluate)));
                    return new Value.Tuple(items, tuple.location());
                }
            }
            case "tuple" -> {
                if (value instanceof Value.Tuple tuple && element instanceof Expr.TupleCons types) {
                    List<Value> items = new ArrayList<>();
                    for (int i = 0; i < tuple.items().size(); i++) {
                        items.add(
                                i < types.items().size()
                                        ? conform(
                                                types.items().get(i),
                                                tuple.items().get(i),
                                                evaluate)
                                        : tuple.items().get(i));
                    }
                    return new Value.Tuple(items, tuple.location());
                }
            }
            case "object" -> {
                if (value instanceof Value.Obj object && element instanceof Expr.ObjectCons attributes) {
                    return object(object, attributes, evaluate);
                }
            }
            default -> {
                // optional() outside an object, or a type this reading does not need
            }
        }
        return value;
    }

    private static Value object(Value.Obj object, Expr.ObjectCons attributes, Function<Expr, Value> evaluate) {
        Map<String, Value> conformed = new LinkedHashMap<>(object.attributes());
        for (Expr.Item item : attributes.items()) {
            String name = item.literalKey();
            if (name == null) {
                continue;
            }
            Expr attributeType = item.value();
            boolean optional = attributeType instanceof Expr.Call c && c.name().equals("optional");
            Expr declared = optional ? ((Expr.Call) attributeType).args().get(0) : attributeType;
            Value given = object.get(name);
            if (given == null && optional) {
                List<Expr> args = ((Expr.Call) attributeType).args();
                given = args.size() > 1 ? evaluate.apply(args.get(1)) : Value.NULL;
            }
            if (given != null) {
                conformed.put(name, conform(declared, given, evaluate));
            }
        }
        return new Value.Obj(conformed, object.keyLocations(), object.location());
    }
}
