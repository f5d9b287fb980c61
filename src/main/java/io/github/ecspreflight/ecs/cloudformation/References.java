package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;

/** What a template value refers to, without evaluating it: to tell which resource an ARN expression names. */
public final class References {

    private References() {}

    /**
     * The names a value refers to with {@code Ref}, {@code Fn::GetAtt} and {@code Fn::Sub} anywhere inside it:
     * parameters, resources and pseudo parameters ({@code AWS::Region}); {@code Fn::Sub}'s own variables excluded.
     */
    public static Set<String> of(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        collect(node, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        String function = Intrinsics.functionName(node);
        JsonNode argument = function == null ? null : node.get(function);
        if ("Ref".equals(function)) {
            names.add(argument.asText());
        } else if ("Fn::GetAtt".equals(function)) {
            String target = argument.isArray() ? argument.path(0).asText() : argument.asText();
            names.add(target.contains(".") ? target.substring(0, target.indexOf('.')) : target);
        } else if ("Fn::Sub".equals(function)) {
            JsonNode string = argument.isArray() ? argument.path(0) : argument;
            JsonNode variables = argument.isArray() ? argument.path(1) : null;
            for (SubString.Part part : SubString.parse(string.asText()).parts()) {
                String name = part.variable();
                if (name != null && (variables == null || !variables.has(name))) {
                    names.add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
                }
            }
            if (variables != null) {
                variables.forEach(variable -> collect(variable, names));
            }
        } else if (node != null && node.isContainerNode()) {
            node.forEach(child -> collect(child, names));
        }
    }
}
