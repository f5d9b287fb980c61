package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.cloudformation.Value.Known;
import io.github.ecspreflight.ecs.cloudformation.Value.Unknown;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of resource properties through their functions, with errors that name the property and its line. */
final class Fields {

    private final Intrinsics intrinsics;

    Fields(Intrinsics intrinsics) {
        this.intrinsics = intrinsics;
    }

    Template template() {
        return intrinsics.template();
    }

    static JsonPointer at(Known object, String name) {
        return object.at().appendProperty(name);
    }

    Value member(Known object, String name) throws PreflightException {
        return intrinsics.resolve(object.node().get(name), at(object, name));
    }

    String string(Known object, String name) throws PreflightException {
        return intrinsics.text(member(object, name), at(object, name));
    }

    /** An object, or null when absent; an unknown value must have been dealt with by the caller. */
    Known object(Value value, JsonPointer at) throws PreflightException {
        if (value instanceof Known known && known.node().isObject()) {
            return known;
        }
        if (value instanceof Value.Absent) {
            return null;
        }
        throw template().error(at, Paths.describe(at) + " must be an object" + found(value));
    }

    /** The elements of a list, each through its functions; {@code AWS::NoValue} elements are left out as CloudFormation does. */
    List<Value> elements(Value value, JsonPointer at, String what) throws PreflightException {
        if (!(value instanceof Known known) || !known.node().isArray()) {
            throw template().error(at, Paths.describe(at) + " must be a list of " + what + found(value));
        }
        List<Value> elements = new ArrayList<>();
        for (int i = 0; i < known.node().size(); i++) {
            Value element = intrinsics.resolve(known.node().get(i), known.at().appendIndex(i));
            if (!(element instanceof Value.Absent)) {
                elements.add(element);
            }
        }
        return elements;
    }

    /** A list of strings; null when absent; an unknown list is one unknown element, so that it is never taken as empty. */
    List<String> strings(Known object, String name) throws PreflightException {
        Value value = member(object, name);
        JsonPointer at = at(object, name);
        if (value instanceof Value.Absent) {
            return null;
        }
        if (value instanceof Unknown unknown) {
            return List.of(unknown.expression());
        }
        List<String> strings = new ArrayList<>();
        for (Value element : elements(value, at, "strings")) {
            strings.add(intrinsics.text(element, element instanceof Known k ? k.at() : at));
        }
        return strings;
    }

    /** {@code true}, {@code false} (or their strings); {@code absent} when absent, {@code unknown} when unknown. */
    boolean bool(Known object, String name, boolean absent, boolean unknown) throws PreflightException {
        Value value = member(object, name);
        if (value instanceof Value.Absent) {
            return absent;
        }
        if (value instanceof Unknown) {
            return unknown;
        }
        JsonNode node = ((Known) value).node();
        if (node.isBoolean() || node.isTextual() && node.asText().matches("(?i)true|false")) {
            return Boolean.parseBoolean(node.asText());
        }
        JsonPointer at = at(object, name);
        throw template().error(at, Paths.describe(at) + " must be true or false" + LocatedJson.found(node));
    }

    private static String found(Value value) {
        return value instanceof Known known
                ? LocatedJson.found(known.node())
                : value instanceof Unknown unknown
                        ? ", found " + unknown.expression() + ", known only once deployed"
                        : ", found nothing";
    }
}
