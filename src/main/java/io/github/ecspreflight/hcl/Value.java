package io.github.ecspreflight.hcl;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of the Terraform language as far as it can be known without running Terraform. What only a plan or apply
 * could tell (a resource attribute, a module output, a variable without a value) is {@link Unknown}, carrying the
 * expression it stands for; in strings it is written {@code ${expression}}, the form
 * {@link io.github.ecspreflight.ecs.TaskDefinition#isUnknown(String)} recognises.
 */
public sealed interface Value {

    Null NULL = new Null();

    /**
     * @param origin where the text's first line is written, when it was read verbatim (heredoc, {@code file()},
     *     {@code templatefile()}): JSON parsed from it then points at real lines; null otherwise
     * @param encoded for a {@code jsonencode(...)} result, the value it encodes (with its own locations); else null
     */
    record Str(String text, Position origin, Value encoded) implements Value {
        public Str(String text) {
            this(text, null, null);
        }
    }

    record Num(BigDecimal number) implements Value {}

    record Bool(boolean value) implements Value {}

    record Null() implements Value {}

    /** A tuple or list; {@code location} is where its {@code [} is written, when it was. */
    record Tuple(List<Value> items, Position location) implements Value {
        public Tuple {
            items = Collections.unmodifiableList(items);
        }
    }

    /**
     * An object or map.
     *
     * @param location where its <code>{</code> is written, when it was
     * @param keyLocations where each key is written, when it was
     */
    record Obj(Map<String, Value> attributes, Map<String, Position> keyLocations, Position location) implements Value {
        public Obj {
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
            keyLocations = Collections.unmodifiableMap(new LinkedHashMap<>(keyLocations));
        }

        public Obj(Map<String, Value> attributes) {
            this(attributes, Map.of(), null);
        }

        public Value get(String key) {
            return attributes.get(key);
        }
    }

    /** A value that cannot be known statically: {@code expression} is what it stands for, as written. */
    record Unknown(String expression) implements Value {
        /** How the value reads inside a string. */
        public String placeholder() {
            return "${" + expression + "}";
        }
    }

    /** Whether the value, or anything inside it, is unknown. */
    static boolean containsUnknown(Value value) {
        if (value instanceof Unknown) {
            return true;
        }
        if (value instanceof Tuple t) {
            return t.items().stream().anyMatch(Value::containsUnknown);
        }
        if (value instanceof Obj o) {
            return o.attributes().values().stream().anyMatch(Value::containsUnknown);
        }
        return false;
    }

    /** A short name of the value's type, for messages (never the value itself, which may be a secret). */
    static String typeName(Value value) {
        if (value instanceof Str) {
            return "a string";
        }
        if (value instanceof Num) {
            return "a number";
        }
        if (value instanceof Bool) {
            return "a bool";
        }
        if (value instanceof Tuple) {
            return "a list";
        }
        if (value instanceof Obj) {
            return "an object";
        }
        return value instanceof Unknown ? "unknown" : "null";
    }
}
