package io.github.ecspreflight.hcl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Terraform values to JSON and back, as {@code jsonencode} and {@code jsondecode} do. */
public final class JsonValues {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {}

    /** The value as JSON; an unknown value is written as the string {@code ${expression}}. */
    public static JsonNode toJson(Value value) {
        if (value instanceof Value.Str str) {
            return NODES.textNode(str.text());
        }
        if (value instanceof Value.Num num) {
            BigDecimal n = num.number().stripTrailingZeros();
            return n.scale() <= 0 ? NODES.numberNode(n.toBigIntegerExact()) : NODES.numberNode(n);
        }
        if (value instanceof Value.Bool bool) {
            return NODES.booleanNode(bool.value());
        }
        if (value instanceof Value.Unknown unknown) {
            return NODES.textNode(unknown.placeholder());
        }
        if (value instanceof Value.Tuple tuple) {
            ArrayNode array = NODES.arrayNode();
            tuple.items().forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Value.Obj obj) {
            ObjectNode object = NODES.objectNode();
            obj.attributes().forEach((k, v) -> object.set(k, toJson(v)));
            return object;
        }
        return NODES.nullNode();
    }

    public static String encode(Value value) {
        try {
            return MAPPER.writeValueAsString(toJson(value));
        } catch (JsonProcessingException e) {
            throw new EvalException("cannot encode the value as JSON");
        }
    }

    public static Value fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Value.NULL;
        }
        if (node.isTextual()) {
            return new Value.Str(node.textValue());
        }
        if (node.isNumber()) {
            return new Value.Num(node.decimalValue());
        }
        if (node.isBoolean()) {
            return new Value.Bool(node.booleanValue());
        }
        if (node.isArray()) {
            List<Value> items = new ArrayList<>();
            node.forEach(item -> items.add(fromJson(item)));
            return new Value.Tuple(items, null);
        }
        Map<String, Value> attributes = new LinkedHashMap<>();
        node.properties().forEach(e -> attributes.put(e.getKey(), fromJson(e.getValue())));
        return new Value.Obj(attributes);
    }

    /** {@code jsondecode}: the JSON text as a value. */
    static Value decode(String text) {
        try {
            return fromJson(MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new EvalException("jsondecode: not valid JSON");
        }
    }
}
