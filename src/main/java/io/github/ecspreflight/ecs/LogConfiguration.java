package io.github.ecspreflight.ecs;

import io.github.ecspreflight.common.SourceLocation;
import java.util.Map;

/** A container's {@code logConfiguration}: its driver and options, and where it is written. */
public record LogConfiguration(String logDriver, Map<String, String> options, SourceLocation location) {

    public LogConfiguration {
        options = options == null ? Map.of() : Map.copyOf(options);
    }

    public String option(String name) {
        return options.get(name);
    }
}
