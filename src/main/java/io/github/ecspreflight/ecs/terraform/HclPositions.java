package io.github.ecspreflight.ecs.terraform;

import io.github.ecspreflight.common.SourceLocation;
import io.github.ecspreflight.hcl.Position;

/** HCL's positions as the findings' source locations. */
final class HclPositions {

    private HclPositions() {}

    /** The same file and line; null for null (a value with no position of its own). */
    static SourceLocation located(Position position) {
        return position == null ? null : new SourceLocation(position.file(), position.line());
    }
}
