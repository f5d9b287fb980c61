package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;

/** How messages name a place in a template and the kind of value found there (never the value: it may be a secret). */
final class Paths {

    private Paths() {}

    /** {@code /Resources/TaskDef/Properties/ContainerDefinitions/0/Image} as {@code Resources.TaskDef.Properties.ContainerDefinitions[0].Image}. */
    static String describe(JsonPointer pointer) {
        StringBuilder out = new StringBuilder();
        for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
            String segment = p.getMatchingProperty();
            if (p.getMatchingIndex() >= 0 && segment.chars().allMatch(Character::isDigit)) {
                out.append('[').append(segment).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(segment);
            }
        }
        return out.isEmpty() ? "the template" : out.toString();
    }
}
