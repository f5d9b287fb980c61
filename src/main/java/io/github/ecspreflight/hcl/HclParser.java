package io.github.ecspreflight.hcl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses HCL's native syntax (Terraform's {@code .tf} and {@code .tfvars} files, and {@code templatefile} templates)
 * into {@link Body} and {@link Expr} trees that keep where everything is written.
 *
 * <p>Written for this plugin rather than taken from hcl4j, whose 0.9.x parser evaluates while it parses (unknown
 * references come out as invented strings), keeps no usable line for values, accepts some invalid files silently,
 * rejects valid ones ({@code (local.name) = ...} keys) and writes to standard output.
 */
public final class HclParser {

    private static final String[][] BINARY_OPERATORS = {
        {"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"+", "-"}, {"*", "/", "%"},
    };

    /** Deeper nesting than any real configuration has: refused as an error rather than a stack overflow. */
    private static final int MAX_DEPTH = 200;

    private final HclScanner in;
    private final TemplateParser templates;
    private int depth;

    private HclParser(HclSource source) {
        this.in = new HclScanner(source);
        this.templates = new TemplateParser(in, this);
    }

    /** A whole {@code .tf} or {@code .tfvars} file. */
    public static Body parseFile(HclSource source) throws HclSyntaxException {
        HclParser parser = new HclParser(source);
        Body body = parser.body(-1);
        if (!parser.in.atEnd()) {
            throw parser.in.error("unexpected '}' with no block open");
        }
        return body;
    }

    /**
     * One expression filling the whole source, as Terraform reads a complex-typed {@code -var} or {@code TF_VAR_}
     * value: {@code ["a", "b"]}, {@code {cpu = 256}}.
     */
    public static Expr parseExpression(HclSource source) throws HclSyntaxException {
        HclParser parser = new HclParser(source);
        parser.in.skipSpace(true);
        Expr expr = parser.expression();
        parser.in.skipSpace(true);
        if (!parser.in.atEnd()) {
            throw parser.in.error("unexpected text after the value");
        }
        return expr;
    }

    /** A template file, as {@code templatefile} reads it: text with {@code ${...}} and {@code %{...}}, no escapes. */
    public static Expr parseTemplate(HclSource source) throws HclSyntaxException {
        HclParser parser = new HclParser(source);
        return parser.templates.templateFile();
    }

    /** Reads attributes and blocks up to the end of the file, or up to the {@code }} closing a block. */
    private Body body(int openedAt) throws HclSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw in.error("blocks nested more than " + MAX_DEPTH + " deep");
        }
        List<Body.Attribute> attributes = new ArrayList<>();
        List<Body.Block> blocks = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        while (true) {
            in.skipSpace(true);
            if (in.atEnd()) {
                if (openedAt >= 0) {
                    throw in.errorAt(openedAt, "the block opened here has no closing '}'");
                }
                break;
            }
            if (in.peek() == '}') {
                break;
            }
            int start = in.pos;
            if (!in.atName()) {
                throw in.error("expected an attribute name or a block type, found " + in.describeNext());
            }
            String name = in.name();
            Span nameSpan = in.span(start);
            in.skipSpace(false);
            if (in.peek() == '=' && in.peek(1) != '=') {
                in.pos++;
                if (seen.containsKey(name)) {
                    throw in.errorAt(start, "attribute '" + name + "' is already set at line " + seen.get(name));
                }
                seen.put(name, nameSpan.line());
                in.pushNewlines(false);
                Expr value = expression();
                in.popNewlines();
                in.skipSpace(false);
                if (!in.atEnd() && in.peek() != '\n' && !(openedAt >= 0 && in.peek() == '}')) {
                    throw in.error("unexpected " + in.describeNext() + " after the value of '" + name
                            + "'; write one attribute per line");
                }
                attributes.add(new Body.Attribute(name, value, nameSpan));
            } else {
                blocks.add(block(name, start, nameSpan));
            }
        }
        depth--;
        return new Body(attributes, blocks);
    }

    private Body.Block block(String type, int start, Span typeSpan) throws HclSyntaxException {
        List<String> labels = new ArrayList<>();
        while (in.peek() != '{') {
            if (in.peek() == '"') {
                labels.add(templates.literalString());
            } else if (in.atName()) {
                labels.add(in.name());
            } else {
                throw in.error("expected '=' or a block after '" + type + "', found " + in.describeNext());
            }
            in.skipSpace(false);
        }
        int open = in.pos;
        in.pos++;
        if (++depth > MAX_DEPTH) {
            throw in.error("blocks nested more than " + MAX_DEPTH + " deep");
        }
        Body body;
        try {
            body = body(open);
        } finally {
            depth--;
        }
        in.expect("}", "'}'");
        return new Body.Block(type, labels, body, new Span(in.source, start, typeSpan.end()));
    }

    // ---- expressions -------------------------------------------------------------------------------------------

    Expr expression() throws HclSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw in.error("expressions nested more than " + MAX_DEPTH + " deep");
        }
        try {
            return conditional();
        } finally {
            depth--;
        }
    }

    private Expr conditional() throws HclSyntaxException {
        in.space();
        int start = in.pos;
        Expr condition = binary(0);
        in.space();
        if (in.peek() != '?') {
            return condition;
        }
        in.pos++;
        Expr then = expression();
        in.space();
        in.expect(":", "':' of the conditional");
        Expr otherwise = expression();
        return new Expr.Conditional(in.span(start), condition, then, otherwise);
    }

    private Expr binary(int level) throws HclSyntaxException {
        if (level == BINARY_OPERATORS.length) {
            return unary();
        }
        in.space();
        int start = in.pos;
        Expr left = binary(level + 1);
        while (true) {
            in.space();
            String operator = operator(BINARY_OPERATORS[level]);
            if (operator == null) {
                return left;
            }
            Expr right = binary(level + 1);
            left = new Expr.Binary(in.span(start), operator, left, right);
        }
    }

    private String operator(String[] candidates) {
        for (String candidate : candidates) {
            if (in.startsWith(candidate) && !in.startsWith("=>") && !in.startsWith("//") && !in.startsWith("/*")) {
                in.pos += candidate.length();
                return candidate;
            }
        }
        return null;
    }

    private Expr unary() throws HclSyntaxException {
        in.space();
        int start = in.pos;
        if (in.peek() == '!' || in.peek() == '-') {
            String operator = String.valueOf(in.peek());
            in.pos++;
            // !!!!x and ----x nest without passing through expression(): the same limit holds here
            if (++depth > MAX_DEPTH) {
                throw in.error("expressions nested more than " + MAX_DEPTH + " deep");
            }
            try {
                Expr operand = unary();
                return new Expr.Unary(in.span(start), operator, operand);
            } finally {
                depth--;
            }
        }
        return postfix(primary(), start);
    }

    private Expr postfix(Expr target, int start) throws HclSyntaxException {
        Expr result = target;
        while (true) {
            if (in.peek() == '.' && in.peek(1) == '*') {
                in.pos += 2;
                return splat(result, start);
            } else if (in.peek() == '.' && Character.isDigit(in.peek(1))) {
                in.pos++;
                Expr index = number();
                result = new Expr.Index(in.span(start), result, index);
            } else if (in.peek() == '.' && HclScanner.isNameStart(in.peek(1))) {
                in.pos++;
                String name = in.name();
                result = new Expr.GetAttr(in.span(start), result, name);
            } else if (in.peek() == '[') {
                int open = in.pos;
                in.pos++;
                in.pushNewlines(true);
                in.space();
                if (in.peek() == '*') {
                    in.pos++;
                    in.space();
                    in.expect("]", "']' of [*]");
                    in.popNewlines();
                    return splat(result, start);
                }
                Expr key = expression();
                in.space();
                if (!in.accept("]")) {
                    throw in.errorAt(open, "the '[' here has no closing ']'");
                }
                in.popNewlines();
                result = new Expr.Index(in.span(start), result, key);
            } else {
                return result;
            }
        }
    }

    /**
     * The steps after {@code [*]} or {@code .*}, applied to each element. A further {@code [*]} or {@code .*} ends
     * these steps and splats their result again, as hclsyntax reads {@code a[*].b[*].c}: {@code (a[*].b)[*].c}.
     */
    private Expr splat(Expr source, int start) throws HclSyntaxException {
        List<Expr.Step> steps = new ArrayList<>();
        while (true) {
            if (in.peek() == '[' && in.peek(1) == '*' && in.peek(2) == ']') {
                in.pos += 3;
                return splat(new Expr.Splat(in.span(start), source, steps), start);
            } else if (in.peek() == '.' && in.peek(1) == '*') {
                in.pos += 2;
                return splat(new Expr.Splat(in.span(start), source, steps), start);
            } else if (in.peek() == '.' && HclScanner.isNameStart(in.peek(1))) {
                in.pos++;
                steps.add(new Expr.Step(in.name(), null));
            } else if (in.peek() == '[' && in.peek(1) != '*') {
                in.pos++;
                in.pushNewlines(true);
                Expr key = expression();
                in.space();
                in.expect("]", "']'");
                in.popNewlines();
                steps.add(new Expr.Step(null, key));
            } else {
                return new Expr.Splat(in.span(start), source, steps);
            }
        }
    }

    private Expr primary() throws HclSyntaxException {
        in.space();
        int start = in.pos;
        char c = in.peek();
        if (Character.isDigit(c)) {
            return number();
        }
        if (c == '"') {
            return templates.quoted();
        }
        if (c == '<' && in.peek(1) == '<') {
            return templates.heredoc();
        }
        if (c == '(') {
            in.pos++;
            in.pushNewlines(true);
            Expr inner = expression();
            in.space();
            if (!in.accept(")")) {
                throw in.errorAt(start, "the '(' here has no closing ')'");
            }
            in.popNewlines();
            return inner;
        }
        if (c == '[') {
            return tuple();
        }
        if (c == '{') {
            return object();
        }
        if (in.atName()) {
            String name = in.name();
            while (in.startsWith("::") && HclScanner.isNameStart(in.peek(2))) {
                in.pos += 2;
                name = name + "::" + in.name();
            }
            if (in.peek() == '(') {
                return call(name, start);
            }
            return switch (name) {
                case "true" -> new Expr.Literal(in.span(start), new Value.Bool(true));
                case "false" -> new Expr.Literal(in.span(start), new Value.Bool(false));
                case "null" -> new Expr.Literal(in.span(start), Value.NULL);
                default -> new Expr.Variable(in.span(start), name);
            };
        }
        throw in.error("expected an expression, found " + in.describeNext());
    }

    private Expr number() throws HclSyntaxException {
        int start = in.pos;
        while (Character.isDigit(in.peek())) {
            in.pos++;
        }
        if (in.peek() == '.' && Character.isDigit(in.peek(1))) {
            in.pos++;
            while (Character.isDigit(in.peek())) {
                in.pos++;
            }
        }
        if ((in.peek() == 'e' || in.peek() == 'E')
                && (Character.isDigit(in.peek(1))
                        || ((in.peek(1) == '+' || in.peek(1) == '-') && Character.isDigit(in.peek(2))))) {
            in.pos += 2;
            while (Character.isDigit(in.peek())) {
                in.pos++;
            }
        }
        Span span = in.span(start);
        return new Expr.Literal(span, new Value.Num(new BigDecimal(in.text.substring(start, in.pos))));
    }

    private Expr call(String name, int start) throws HclSyntaxException {
        int open = in.pos;
        in.pos++;
        in.pushNewlines(true);
        List<Expr> args = new ArrayList<>();
        boolean expandLast = false;
        in.space();
        while (in.peek() != ')') {
            if (in.atEnd()) {
                throw in.errorAt(open, "the '(' of " + name + "(...) has no closing ')'");
            }
            args.add(expression());
            in.space();
            if (in.accept("...")) {
                expandLast = true;
                in.space();
            }
            if (in.accept(",")) {
                in.space();
            } else if (in.peek() != ')') {
                throw in.error("expected ',' or ')' in the arguments of " + name + "(...), found " + in.describeNext());
            }
        }
        in.pos++;
        in.popNewlines();
        return new Expr.Call(in.span(start), name, args, expandLast);
    }

    private Expr tuple() throws HclSyntaxException {
        int start = in.pos;
        in.pos++;
        in.pushNewlines(true);
        in.space();
        if (in.atKeyword("for")) {
            Expr forExpr = forExpression(start, false);
            in.popNewlines();
            return forExpr;
        }
        List<Expr> items = new ArrayList<>();
        while (in.peek() != ']') {
            if (in.atEnd()) {
                throw in.errorAt(start, "the '[' here has no closing ']'");
            }
            items.add(expression());
            in.space();
            if (in.accept(",")) {
                in.space();
            } else if (in.peek() != ']') {
                throw in.error("expected ',' or ']' in the list, found " + in.describeNext());
            }
        }
        in.pos++;
        in.popNewlines();
        return new Expr.TupleCons(in.span(start), items);
    }

    private Expr object() throws HclSyntaxException {
        int start = in.pos;
        in.pos++;
        in.skipSpace(true);
        if (in.atKeyword("for")) {
            in.pushNewlines(true);
            Expr forExpr = forExpression(start, true);
            in.popNewlines();
            return forExpr;
        }
        in.pushNewlines(false);
        List<Expr.Item> items = new ArrayList<>();
        while (true) {
            in.skipSpace(true);
            if (in.peek() == '}') {
                break;
            }
            if (in.atEnd()) {
                throw in.errorAt(start, "the '{' here has no closing '}'");
            }
            items.add(item());
            in.skipSpace(false);
            if (in.accept(",")) {
                continue;
            }
            if (in.peek() != '\n' && in.peek() != '}') {
                throw in.error("expected ',', a new line or '}' after an object item, found " + in.describeNext());
            }
        }
        in.pos++;
        in.popNewlines();
        return new Expr.ObjectCons(in.span(start), items);
    }

    private Expr.Item item() throws HclSyntaxException {
        int start = in.pos;
        String literalKey = null;
        Expr key = null;
        if (in.atName() && isBareKey()) {
            literalKey = in.name();
        } else {
            key = binary(0);
        }
        Span keySpan = in.span(start);
        in.space();
        if (!(in.peek() == '=' && in.peek(1) != '=' && in.peek(1) != '>') && in.peek() != ':') {
            throw in.error("expected '=' or ':' after the object key, found " + in.describeNext());
        }
        in.pos++;
        Expr value = expression();
        return new Expr.Item(literalKey, key, value, keySpan);
    }

    /** Whether the name at the cursor is a key on its own ({@code name = ...}), not the start of an expression. */
    private boolean isBareKey() {
        int at = in.pos;
        while (at < in.text.length() && HclScanner.isNamePart(in.text.charAt(at))) {
            at++;
        }
        while (at < in.text.length() && (in.text.charAt(at) == ' ' || in.text.charAt(at) == '\t')) {
            at++;
        }
        if (at >= in.text.length()) {
            return false;
        }
        char c = in.text.charAt(at);
        char next = at + 1 < in.text.length() ? in.text.charAt(at + 1) : '\0';
        return (c == '=' && next != '=' && next != '>') || c == ':';
    }

    private Expr forExpression(int start, boolean object) throws HclSyntaxException {
        in.pos += 3;
        ForHeader header = forHeader("the for expression");
        in.space();
        in.expect(":", "':' in the for expression");
        Expr key = null;
        if (object) {
            key = expression();
            in.space();
            in.expect("=>", "'=>' in the for expression");
        }
        Expr value = expression();
        in.space();
        boolean grouping = object && in.accept("...");
        in.space();
        Expr condition = null;
        if (in.atKeyword("if")) {
            in.pos += 2;
            condition = expression();
            in.space();
        }
        in.expect(object ? "}" : "]", object ? "'}' closing the for expression" : "']' closing the for expression");
        return new Expr.For(
                in.span(start),
                header.keyVar(),
                header.valueVar(),
                header.collection(),
                key,
                value,
                grouping,
                condition);
    }

    /** {@code KEY, VALUE in COLLECTION} or {@code VALUE in COLLECTION}: a for expression's or %{ for }'s header. */
    record ForHeader(String keyVar, String valueVar, Expr collection) {}

    /** Reads a for header, after the {@code for} keyword; {@code where} names the construct in syntax errors. */
    ForHeader forHeader(String where) throws HclSyntaxException {
        in.space();
        String first = in.name();
        in.space();
        String second = null;
        if (in.accept(",")) {
            in.space();
            second = in.name();
            in.space();
        }
        if (!in.atKeyword("in")) {
            throw in.error("expected 'in' in " + where + ", found " + in.describeNext());
        }
        in.pos += 2;
        Expr collection = expression();
        return second == null ? new ForHeader(null, first, collection) : new ForHeader(first, second, collection);
    }
}
