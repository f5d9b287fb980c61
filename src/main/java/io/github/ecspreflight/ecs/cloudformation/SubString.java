package io.github.ecspreflight.ecs.cloudformation;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an {@code Fn::Sub} string: literal text and {@code ${Name}} variables. {@code ${!Literal}} is CloudFormation's
 * escape for text that only looks like a variable; it stays literal as {@code ${Literal}}.
 */
record SubString(List<Part> parts) {

    /** Literal text when {@code variable} is null, else a variable's name ({@code Param}, {@code Res.Attr}). */
    record Part(String text, String variable) {}

    static SubString parse(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf("${", i);
            int close = open < 0 ? -1 : template.indexOf('}', open + 2);
            if (open < 0 || close < 0) {
                literal.append(template, i, template.length());
                break;
            }
            literal.append(template, i, open);
            String name = template.substring(open + 2, close).trim();
            if (name.startsWith("!")) {
                literal.append("${").append(name.substring(1)).append('}');
            } else {
                if (!literal.isEmpty()) {
                    parts.add(new Part(literal.toString(), null));
                    literal.setLength(0);
                }
                parts.add(new Part(null, name));
            }
            i = close + 1;
        }
        if (!literal.isEmpty()) {
            parts.add(new Part(literal.toString(), null));
        }
        return new SubString(List.copyOf(parts));
    }
}
