package io.github.ecspreflight.ecs.cloudformation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/** A template value seen through its intrinsic functions: known, unknowable before deployment, or absent. */
public sealed interface Value {

    /** {@code AWS::NoValue}, a missing member or JSON {@code null}. */
    Value ABSENT = new Absent();

    /**
     * A value with no function at its top: a scalar, or an object or array whose members may still hold functions.
     *
     * @param at where it is written, for lines and for reading its members; for a value a function computed (a
     *     {@code Fn::Join}), the function's place
     */
    record Known(JsonNode node, JsonPointer at) implements Value {}

    /**
     * A value CloudFormation knows only at deployment: a resource attribute, an import, a parameter with no default.
     *
     * @param expression how it is shown: {@code ${Role.Arn}}, {@code ${AWS::Region}}, or a string with such parts
     *     left in it ({@code arn:aws:iam::${AWS::AccountId}:role/app})
     */
    record Unknown(String expression) implements Value {}

    record Absent() implements Value {}
}
