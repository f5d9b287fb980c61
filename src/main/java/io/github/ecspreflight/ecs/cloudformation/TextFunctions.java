package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.decode.LocatedJson;
import io.github.ecspreflight.ecs.cloudformation.Value.Known;
import io.github.ecspreflight.ecs.cloudformation.Value.Unknown;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The functions that build strings and lists: {@code Fn::Sub}, {@code Fn::Join}, {@code Fn::Split},
 * {@code Fn::Select} and {@code Fn::Base64}. A string with an unknown part is {@link Value.Unknown} and shows that part
 * as {@code ${...}}, so that {@code ${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/my-service:1.0} still
 * names its repository.
 */
final class TextFunctions {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Template template;
    private final Intrinsics intrinsics;

    TextFunctions(Template template, Intrinsics intrinsics) {
        this.template = template;
        this.intrinsics = intrinsics;
    }

    Value sub(JsonNode argument, JsonPointer argumentAt, JsonPointer at) throws PreflightException {
        JsonNode string = argument;
        JsonNode variables = null;
        if (argument != null && argument.isArray() && argument.size() == 2) {
            string = argument.get(0);
            variables = argument.get(1);
        }
        if (string == null || !string.isTextual() || variables != null && !variables.isObject()) {
            throw template.error(
                    argumentAt, "Fn::Sub takes a string or [string, {variable: value}]" + LocatedJson.found(argument));
        }
        StringBuilder out = new StringBuilder();
        boolean known = true;
        for (SubString.Part part : SubString.parse(string.asText()).parts()) {
            if (part.variable() == null) {
                out.append(part.text());
                continue;
            }
            String name = part.variable();
            Value value;
            if (variables != null && variables.has(name)) {
                JsonPointer variableAt = argumentAt.appendIndex(1).appendProperty(name);
                value = intrinsics.resolve(variables.get(name), variableAt);
            } else if (name.indexOf('.') > 0) {
                value = new Unknown("${" + name + "}");
            } else {
                value = intrinsics.ref(name, at);
            }
            known &= !(value instanceof Unknown);
            String text = intrinsics.text(value, argumentAt);
            out.append(text == null ? "" : text);
        }
        return known ? new Known(NODES.textNode(out.toString()), at) : new Unknown(out.toString());
    }

    Value join(JsonNode argument, JsonPointer argumentAt, JsonPointer at) throws PreflightException {
        if (argument == null
                || !argument.isArray()
                || argument.size() != 2
                || !argument.get(0).isTextual()) {
            throw template.error(argumentAt, "Fn::Join takes [delimiter, [values]]" + LocatedJson.found(argument));
        }
        Value list = intrinsics.resolve(argument.get(1), argumentAt.appendIndex(1));
        if (!(list instanceof Known known) || !known.node().isArray()) {
            return list instanceof Unknown ? new Unknown("${Fn::Join}") : textOf(list, at);
        }
        List<String> parts = new ArrayList<>();
        boolean allKnown = true;
        for (int i = 0; i < known.node().size(); i++) {
            JsonPointer partAt = known.at().appendIndex(i);
            Value part = intrinsics.resolve(known.node().get(i), partAt);
            if (part instanceof Value.Absent) {
                continue;
            }
            allKnown &= !(part instanceof Unknown);
            parts.add(intrinsics.text(part, partAt));
        }
        String joined = String.join(argument.get(0).asText(), parts);
        return allKnown ? new Known(NODES.textNode(joined), at) : new Unknown(joined);
    }

    private Value textOf(Value value, JsonPointer at) throws PreflightException {
        String text = intrinsics.text(value, at);
        return text == null ? Value.ABSENT : new Known(NODES.textNode(text), at);
    }

    Value select(JsonNode argument, JsonPointer at) throws PreflightException {
        if (argument == null || !argument.isArray() || argument.size() != 2) {
            throw template.error(at, "Fn::Select takes [index, [values]]" + LocatedJson.found(argument));
        }
        Value index = intrinsics.resolve(argument.get(0), at.appendIndex(0));
        Value list = intrinsics.resolve(argument.get(1), at.appendIndex(1));
        if (!(index instanceof Known i)
                || !(list instanceof Known l)
                || !l.node().isArray()) {
            return new Unknown("${Fn::Select}");
        }
        String number = i.node().asText();
        if (!number.matches("\\d{1,9}") || Integer.parseInt(number) >= l.node().size()) {
            throw template.error(
                    at,
                    "Fn::Select index " + number + " is not within the list of "
                            + l.node().size() + " values");
        }
        int n = Integer.parseInt(number);
        return intrinsics.resolve(l.node().get(n), l.at().appendIndex(n));
    }

    Value split(JsonNode argument, JsonPointer argumentAt, JsonPointer at) throws PreflightException {
        if (argument == null
                || !argument.isArray()
                || argument.size() != 2
                || !argument.get(0).isTextual()) {
            throw template.error(argumentAt, "Fn::Split takes [delimiter, string]" + LocatedJson.found(argument));
        }
        Value source = intrinsics.resolve(argument.get(1), argumentAt.appendIndex(1));
        if (!(source instanceof Known known)) {
            return source instanceof Unknown ? new Unknown("${Fn::Split}") : Value.ABSENT;
        }
        String delimiter = argument.get(0).asText();
        String text = intrinsics.text(source, argumentAt.appendIndex(1));
        ArrayNode parts = NODES.arrayNode();
        int from = 0;
        for (int next;
                !delimiter.isEmpty() && (next = text.indexOf(delimiter, from)) >= 0;
                from = next + delimiter.length()) {
            parts.add(text.substring(from, next));
        }
        parts.add(text.substring(from));
        return new Known(parts, at);
    }

    Value base64(JsonNode argument, JsonPointer argumentAt, JsonPointer at) throws PreflightException {
        Value value = intrinsics.resolve(argument, argumentAt);
        if (!(value instanceof Known)) {
            return value instanceof Unknown ? new Unknown("${Fn::Base64}") : Value.ABSENT;
        }
        byte[] bytes = intrinsics.text(value, argumentAt).getBytes(StandardCharsets.UTF_8);
        return new Known(NODES.textNode(Base64.getEncoder().encodeToString(bytes)), at);
    }
}
