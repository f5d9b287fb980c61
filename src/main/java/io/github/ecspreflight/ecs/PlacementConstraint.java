package io.github.ecspreflight.ecs;

/** A task-level placement constraint, e.g. {@code memberOf} with {@code attribute:ecs.cpu-architecture == arm64}. */
public record PlacementConstraint(String type, String expression) {}
