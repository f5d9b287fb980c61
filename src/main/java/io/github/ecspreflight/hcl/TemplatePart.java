package io.github.ecspreflight.hcl;

import java.util.List;

/** A piece of a template: literal text, an interpolation, or an {@code %{if}}/{@code %{for}} directive. */
public sealed interface TemplatePart {

    record Text(String text) implements TemplatePart {}

    record Interpolation(Expr expr) implements TemplatePart {}

    record If(Expr condition, List<TemplatePart> then, List<TemplatePart> otherwise) implements TemplatePart {}

    record For(String keyVar, String valueVar, Expr collection, List<TemplatePart> body) implements TemplatePart {}
}
