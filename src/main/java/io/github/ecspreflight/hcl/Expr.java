package io.github.ecspreflight.hcl;

import java.util.ArrayList;
import java.util.List;

/** An HCL expression as written, with where it is written; {@link Evaluator} gives its value. */
public sealed interface Expr {

    Span span();

    /** {@code "x"}, {@code 1}, {@code true}, {@code null}. */
    record Literal(Span span, Value value) implements Expr {}

    /** A quoted string or heredoc with {@code ${...}} interpolations and {@code %{...}} directives. */
    record Template(Span span, List<TemplatePart> parts, boolean heredoc) implements Expr {}

    /** A root name: {@code var}, {@code local}, {@code aws_iam_role}, a for-expression's variable. */
    record Variable(Span span, String name) implements Expr {}

    /** {@code target.name}. */
    record GetAttr(Span span, Expr target, String name) implements Expr {}

    /** {@code target[key]}. */
    record Index(Span span, Expr target, Expr key) implements Expr {}

    /** {@code source[*].steps} or {@code source.*.steps}: the steps applied to each element. */
    record Splat(Span span, Expr source, List<Step> steps) implements Expr {}

    /** A step after a splat: an attribute name or an index. */
    record Step(String name, Expr key) {}

    record Call(Span span, String name, List<Expr> args, boolean expandLast) implements Expr {}

    record Conditional(Span span, Expr condition, Expr then, Expr otherwise) implements Expr {}

    record Binary(Span span, String operator, Expr left, Expr right) implements Expr {}

    record Unary(Span span, String operator, Expr operand) implements Expr {}

    record TupleCons(Span span, List<Expr> items) implements Expr {}

    /** {@code { key = value, ... }}. */
    record ObjectCons(Span span, List<Item> items) implements Expr {}

    /**
     * One {@code key = value} of an object constructor.
     *
     * @param literalKey the key when written as a bare name ({@code name = ...}), which is a string, not a variable;
     *     null when {@code key} is an expression ({@code "quoted"}, {@code (local.name)})
     */
    record Item(String literalKey, Expr key, Expr value, Span keySpan) {}

    /** {@code [for k, v in coll : value if cond]} or {@code {for k, v in coll : key => value... if cond}}. */
    record For(
            Span span,
            String keyVar,
            String valueVar,
            Expr collection,
            Expr key,
            Expr value,
            boolean grouping,
            Expr condition)
            implements Expr {}

    /**
     * The names of a plain reference such as {@code aws_iam_role.execution.arn} (index steps such as {@code [0]}
     * skipped); empty for anything else. A template that only interpolates one reference counts as that reference.
     */
    static List<String> referencePath(Expr expr) {
        List<String> names = new ArrayList<>();
        Expr at = expr;
        if (at instanceof Template t
                && t.parts().size() == 1
                && t.parts().get(0) instanceof TemplatePart.Interpolation i) {
            at = i.expr();
        }
        while (true) {
            if (at instanceof GetAttr g) {
                names.add(0, g.name());
                at = g.target();
            } else if (at instanceof Index i) {
                at = i.target();
            } else if (at instanceof Variable v) {
                names.add(0, v.name());
                return names;
            } else {
                return List.of();
            }
        }
    }
}
