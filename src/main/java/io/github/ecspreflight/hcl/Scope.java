package io.github.ecspreflight.hcl;

import java.util.HashMap;
import java.util.Map;

/**
 * The names an expression can use besides functions: for-expression and dynamic-block iterators, and either the
 * module's {@code var.*}, {@code local.*} and {@code path.*} or, in a {@code templatefile} template, only its variables.
 */
public record Scope(Map<String, Value> names, boolean moduleReferences) {

    public static final Scope MODULE = new Scope(Map.of(), true);

    /** A tfvars file: literal values only. */
    public static final Scope LITERALS = new Scope(Map.of(), false);

    static Scope template(Map<String, Value> variables) {
        return new Scope(variables, false);
    }

    public Scope with(String name, Value value) {
        Map<String, Value> copy = new HashMap<>(names);
        copy.put(name, value);
        return new Scope(copy, moduleReferences);
    }
}
