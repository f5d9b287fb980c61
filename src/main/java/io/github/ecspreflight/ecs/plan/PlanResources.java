package io.github.ecspreflight.ecs.plan;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecspreflight.decode.LocatedJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resources of a {@code terraform show -json} document: {@code planned_values} of a plan (or {@code values} of a
 * state), with child modules, and what the plan says is not known until apply ({@code after_unknown}) and which
 * references an attribute was written with ({@code configuration}).
 */
public final class PlanResources {

    /**
     * A planned resource.
     *
     * @param address e.g. {@code module.svc.aws_ecs_task_definition.this[0]}
     * @param at where its object is in the document
     * @param modules the module names on its path ({@code [svc]}), for its configuration
     */
    public record Planned(String address, String type, String name, JsonPointer at, List<String> modules) {

        public JsonNode values(LocatedJson plan) {
            return plan.root().at(at.appendProperty("values"));
        }

        public JsonPointer valuesAt() {
            return at.appendProperty("values");
        }
    }

    private final LocatedJson plan;

    public PlanResources(LocatedJson plan) {
        this.plan = plan;
    }

    /** Every managed resource of the type, root module first, then child modules in order, recursively. */
    public List<Planned> ofType(String type) {
        JsonPointer root = plan.root().has("planned_values")
                ? JsonPointer.compile("/planned_values/root_module")
                : JsonPointer.compile("/values/root_module");
        List<Planned> found = new ArrayList<>();
        collect(root, type, found);
        return found;
    }

    private void collect(JsonPointer moduleAt, String type, List<Planned> found) {
        JsonNode module = plan.root().at(moduleAt);
        JsonNode resources = module.path("resources");
        for (int i = 0; i < resources.size(); i++) {
            JsonNode resource = resources.get(i);
            if (type.equals(resource.path("type").asText())
                    && !"data".equals(resource.path("mode").asText())) {
                String address = resource.path("address").asText();
                found.add(new Planned(
                        address,
                        type,
                        resource.path("name").asText(),
                        moduleAt.appendProperty("resources").appendIndex(i),
                        modules(address)));
            }
        }
        JsonNode children = module.path("child_modules");
        for (int i = 0; i < children.size(); i++) {
            collect(moduleAt.appendProperty("child_modules").appendIndex(i), type, found);
        }
    }

    /** {@code [svc, inner]} of {@code module.svc.module.inner["k"].aws_x.y}. */
    static List<String> modules(String address) {
        List<String> names = new ArrayList<>();
        String rest = address;
        while (rest.startsWith("module.")) {
            rest = rest.substring("module.".length());
            int end = 0;
            while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
                end++;
            }
            names.add(rest.substring(0, end));
            rest = rest.substring(end);
            if (rest.startsWith("[")) {
                int close = rest.indexOf("].");
                rest = close < 0 ? "" : rest.substring(close + 1);
            }
            if (rest.startsWith(".")) {
                rest = rest.substring(1);
            }
        }
        return names;
    }

    /** The {@code after_unknown} of the resource's change, or a missing node when the plan has none. */
    public JsonNode afterUnknown(Planned resource) {
        for (JsonNode change : plan.root().path("resource_changes")) {
            if (resource.address().equals(change.path("address").asText())) {
                return change.path("change").path("after_unknown");
            }
        }
        return plan.root().path("resource_changes").path(-1);
    }

    /** The resource's block in {@code configuration}, to see how an attribute was written. */
    public Optional<JsonNode> configuration(Planned resource) {
        JsonNode module = plan.root().path("configuration").path("root_module");
        for (String name : resource.modules()) {
            module = module.path("module_calls").path(name).path("module");
        }
        String local = resource.type() + "." + resource.name();
        for (JsonNode r : module.path("resources")) {
            if (local.equals(r.path("address").asText())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * How an unknown attribute is shown: the first reference it was written with ({@code ${aws_iam_role.x.arn}}),
     * else the attribute's own address.
     */
    public String unknownPlaceholder(Planned resource, String attribute) {
        JsonNode references = configuration(resource)
                .map(r -> r.path("expressions").path(attribute).path("references"))
                .orElse(null);
        if (references != null && references.isArray() && !references.isEmpty()) {
            return "${" + references.get(0).asText() + "}";
        }
        return "${" + resource.address() + "." + attribute + "}";
    }
}
