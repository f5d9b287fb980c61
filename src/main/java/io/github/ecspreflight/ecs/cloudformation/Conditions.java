package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The template's {@code Conditions}, evaluated from parameter defaults in three values: true, false, or empty when
 * a deployment decides ({@code Fn::Equals} on a pseudo parameter or a parameter with no default). {@code Fn::And}
 * with one false operand is false, and {@code Fn::Or} with one true operand true, whatever the others are.
 */
final class Conditions {

    private final Template template;
    private final Intrinsics intrinsics;
    private final Map<String, Optional<Boolean>> evaluated = new HashMap<>();
    private final Set<String> evaluating = new HashSet<>();

    Conditions(Template template, Intrinsics intrinsics) {
        this.template = template;
        this.intrinsics = intrinsics;
    }

    /** Whether the named condition holds; {@code usedAt} is where it is named, for the error when it is not defined. */
    Optional<Boolean> evaluate(String name, JsonPointer usedAt) throws PreflightException {
        Optional<Boolean> known = evaluated.get(name);
        if (known != null) {
            return known;
        }
        JsonNode expression = template.condition(name);
        if (expression == null) {
            throw template.error(usedAt, "condition '" + name + "' is not defined in the template's Conditions");
        }
        JsonPointer at = Template.conditionPointer(name);
        if (!evaluating.add(name)) {
            throw template.error(at, "condition '" + name + "' depends on itself");
        }
        try {
            Optional<Boolean> result = expression(expression, at);
            evaluated.put(name, result);
            return result;
        } finally {
            evaluating.remove(name);
        }
    }

    private Optional<Boolean> expression(JsonNode node, JsonPointer at) throws PreflightException {
        if (node != null && node.isObject() && node.size() == 1 && node.has("Condition")) {
            return evaluate(node.get("Condition").asText(), at.appendProperty("Condition"));
        }
        String function = Intrinsics.functionName(node);
        if (function == null) {
            return node != null && node.isBoolean() ? Optional.of(node.booleanValue()) : Optional.empty();
        }
        JsonNode operands = node.get(function);
        JsonPointer operandsAt = at.appendProperty(function);
        return switch (function) {
            case "Fn::Equals" -> equalsOperands(operands, operandsAt);
            case "Fn::Not" -> {
                if (operands == null || !operands.isArray() || operands.size() != 1) {
                    throw template.error(operandsAt, "Fn::Not takes [condition]" + LocatedJson.found(operands));
                }
                yield expression(operands.get(0), operandsAt.appendIndex(0)).map(b -> !b);
            }
            case "Fn::And" -> combine(operands, operandsAt, false);
            case "Fn::Or" -> combine(operands, operandsAt, true);
            default -> Optional.empty();
        };
    }

    private Optional<Boolean> equalsOperands(JsonNode operands, JsonPointer at) throws PreflightException {
        if (operands == null || !operands.isArray() || operands.size() != 2) {
            throw template.error(at, "Fn::Equals takes [value, value]" + LocatedJson.found(operands));
        }
        Value left = intrinsics.resolve(operands.get(0), at.appendIndex(0));
        Value right = intrinsics.resolve(operands.get(1), at.appendIndex(1));
        if (left instanceof Value.Unknown || right instanceof Value.Unknown) {
            return Optional.empty();
        }
        if (left instanceof Value.Known a && right instanceof Value.Known b) {
            return Optional.of(
                    a.node().isValueNode() && b.node().isValueNode()
                            ? a.node().asText().equals(b.node().asText())
                            : a.node().equals(b.node()));
        }
        return Optional.of(left instanceof Value.Absent && right instanceof Value.Absent);
    }

    /** {@code Fn::Or} when {@code decisive} is true (one true operand decides), {@code Fn::And} when false. */
    private Optional<Boolean> combine(JsonNode operands, JsonPointer at, boolean decisive) throws PreflightException {
        if (operands == null || !operands.isArray() || operands.isEmpty()) {
            throw template.error(
                    at, (decisive ? "Fn::Or" : "Fn::And") + " takes [condition, ...]" + LocatedJson.found(operands));
        }
        boolean undecided = false;
        for (int i = 0; i < operands.size(); i++) {
            Optional<Boolean> operand = expression(operands.get(i), at.appendIndex(i));
            if (operand.isEmpty()) {
                undecided = true;
            } else if (operand.get() == decisive) {
                return operand;
            }
        }
        return undecided ? Optional.empty() : Optional.of(!decisive);
    }
}
