package io.github.ecspreflight.hcl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Quoted strings, heredocs and template files: literal text, {@code ${...}} interpolations, {@code %{if}} and
 * {@code %{for}} directives, {@code ~} strip markers. Backslash escapes apply to quoted strings only, as in HCL.
 */
final class TemplateParser {

    private final HclScanner in;
    private final HclParser expressions;
    /** The directive keyword that ended the last {@link #parts} call: else, endif or endfor. */
    private String ender;
    /** Whether that directive ended with {@code ~}}, stripping the whitespace after it. */
    private boolean enderStrips;

    TemplateParser(HclScanner in, HclParser expressions) {
        this.in = in;
        this.expressions = expressions;
    }

    /** A quoted label or key with no interpolation, such as a block label. */
    String literalString() throws HclSyntaxException {
        int start = in.pos;
        Expr.Template template = (Expr.Template) quoted();
        StringBuilder out = new StringBuilder();
        for (TemplatePart part : template.parts()) {
            if (!(part instanceof TemplatePart.Text text)) {
                throw in.errorAt(start, "a block label cannot contain ${...} or %{...}");
            }
            out.append(text.text());
        }
        return out.toString();
    }

    Expr quoted() throws HclSyntaxException {
        int start = in.pos;
        in.pos++;
        List<TemplatePart> parts = parts(new Mode(true, Integer.MAX_VALUE, 0, start), Set.of());
        if (!in.accept("\"")) {
            throw in.errorAt(start, "the string starting here has no closing '\"'");
        }
        return new Expr.Template(in.span(start), parts, false);
    }

    Expr heredoc() throws HclSyntaxException {
        int start = in.pos;
        in.pos += 2;
        boolean flush = in.accept("-");
        if (!in.atName()) {
            throw in.error("expected a heredoc marker such as <<EOT, found " + in.describeNext());
        }
        String marker = in.name();
        in.accept("\r");
        if (!in.accept("\n")) {
            throw in.error("the heredoc <<" + marker + " must end its line");
        }
        int contentStart = in.pos;
        int contentEnd = -1;
        int lineStart = contentStart;
        while (lineStart <= in.text.length()) {
            int lineEnd = in.text.indexOf('\n', lineStart);
            int end = lineEnd < 0 ? in.text.length() : lineEnd;
            if (in.text.substring(lineStart, end).strip().equals(marker)) {
                contentEnd = lineStart;
                break;
            }
            if (lineEnd < 0) {
                break;
            }
            lineStart = lineEnd + 1;
        }
        if (contentEnd < 0) {
            throw in.errorAt(
                    start, "the heredoc <<" + (flush ? "-" : "") + marker + " has no closing " + marker + " line");
        }
        int indent = flush ? commonIndent(in.text.substring(contentStart, contentEnd)) : 0;
        List<TemplatePart> parts = parts(new Mode(false, contentEnd, indent, contentStart), Set.of());
        in.pos = in.text.indexOf(marker, contentEnd) + marker.length();
        return new Expr.Template(new Span(in.source, start, in.pos), parts, true);
    }

    /** The whole source as a template ({@code templatefile}). */
    Expr templateFile() throws HclSyntaxException {
        List<TemplatePart> parts = parts(new Mode(false, in.text.length(), 0, 0), Set.of());
        return new Expr.Template(in.span(0), parts, true);
    }

    /**
     * @param quoted a quoted string: ends at {@code "}, may not span lines, has backslash escapes
     * @param limit where a heredoc's or file's content ends
     * @param indent the leading whitespace a {@code <<-} heredoc removes from each line
     * @param start where the template starts, for messages
     */
    private record Mode(boolean quoted, int limit, int indent, int start) {}

    private List<TemplatePart> parts(Mode mode, Set<String> enders) throws HclSyntaxException {
        List<TemplatePart> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean stripNext = false;
        int indentedLine = -1;
        while (true) {
            if (in.pos >= mode.limit() || (mode.quoted() && (in.peek() == '"' || in.atEnd()))) {
                if (!enders.isEmpty()) {
                    throw in.errorAt(
                            mode.start(),
                            "a %{ directive in this template has no %{ "
                                    + enders.stream()
                                            .filter(e -> e.startsWith("end"))
                                            .findFirst()
                                            .orElse("end") + " }");
                }
                break;
            }
            if (mode.quoted() && in.peek() == '\n') {
                throw in.errorAt(mode.start(), "the string starting here has no closing '\"' on its line");
            }
            if (mode.indent() > 0 && in.pos != indentedLine && in.text.charAt(in.pos - 1) == '\n') {
                indentedLine = in.pos;
                for (int i = 0; i < mode.indent() && (in.peek() == ' ' || in.peek() == '\t'); i++) {
                    in.pos++;
                }
                continue;
            }
            if (in.startsWith("$${") || in.startsWith("%%{")) {
                text.append(in.peek()).append('{');
                in.pos += 3;
            } else if (in.startsWith("${")) {
                in.pos += 2;
                stripTrailing(text, in.accept("~"));
                flush(parts, text, stripNext);
                in.pushNewlines(true);
                Expr expr = expressions.expression();
                in.space();
                stripNext = in.accept("~");
                in.expect("}", "'}' closing ${");
                in.popNewlines();
                parts.add(new TemplatePart.Interpolation(expr));
                text.setLength(0);
            } else if (in.startsWith("%{")) {
                in.pos += 2;
                stripTrailing(text, in.accept("~"));
                flush(parts, text, stripNext);
                text.setLength(0);
                in.pushNewlines(true);
                in.space();
                int keywordAt = in.pos;
                String keyword = in.atName() ? in.name() : "";
                if (enders.contains(keyword)) {
                    enderStrips = closeDirective();
                    in.popNewlines();
                    ender = keyword;
                    return parts;
                }
                stripNext = switch (keyword) {
                    case "if" -> ifDirective(mode, parts);
                    case "for" -> forDirective(mode, parts);
                    default -> throw in.errorAt(keywordAt, "unexpected %{ " + keyword + " } in a template");
                };
            } else if (mode.quoted() && in.peek() == '\\') {
                text.append(escape());
            } else {
                text.append(in.peek());
                in.pos++;
            }
        }
        flush(parts, text, stripNext);
        return parts;
    }

    private boolean ifDirective(Mode mode, List<TemplatePart> parts) throws HclSyntaxException {
        Expr condition = expressions.expression();
        boolean strip = closeDirective();
        in.popNewlines();
        List<TemplatePart> then = trimLeading(parts(mode, Set.of("else", "endif")), strip);
        List<TemplatePart> otherwise = List.of();
        if ("else".equals(ender)) {
            otherwise = trimLeading(parts(mode, Set.of("endif")), enderStrips);
        }
        parts.add(new TemplatePart.If(condition, then, otherwise));
        return enderStrips;
    }

    private boolean forDirective(Mode mode, List<TemplatePart> parts) throws HclSyntaxException {
        HclParser.ForHeader header = expressions.forHeader("%{ for }");
        boolean strip = closeDirective();
        in.popNewlines();
        List<TemplatePart> body = trimLeading(parts(mode, Set.of("endfor")), strip);
        parts.add(new TemplatePart.For(header.keyVar(), header.valueVar(), header.collection(), body));
        return enderStrips;
    }

    /** Reads the {@code ~}? {@code }} of a directive; true when it strips the whitespace after it. */
    private boolean closeDirective() throws HclSyntaxException {
        in.space();
        boolean strip = in.accept("~");
        in.expect("}", "'}' closing %{");
        return strip;
    }

    private String escape() throws HclSyntaxException {
        int start = in.pos;
        in.pos++;
        char c = in.peek();
        in.pos++;
        return switch (c) {
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case '"' -> "\"";
            case '\\' -> "\\";
            case 'u', 'U' -> {
                int digits = c == 'u' ? 4 : 8;
                String hex = in.pos + digits <= in.text.length() ? in.text.substring(in.pos, in.pos + digits) : "";
                if (!hex.matches("[0-9a-fA-F]+") || hex.length() != digits) {
                    throw in.errorAt(start, "invalid \\" + c + " escape: expected " + digits + " hex digits");
                }
                in.pos += digits;
                yield new String(Character.toChars(Integer.parseInt(hex, 16)));
            }
            default -> throw in.errorAt(start, "invalid escape \\" + c + " (use \\\\ for a backslash)");
        };
    }

    private static void flush(List<TemplatePart> parts, StringBuilder text, boolean stripLeading) {
        String value = stripLeading ? text.toString().stripLeading() : text.toString();
        if (!value.isEmpty()) {
            parts.add(new TemplatePart.Text(value));
        }
    }

    private static void stripTrailing(StringBuilder text, boolean strip) {
        if (strip) {
            String stripped = text.toString().stripTrailing();
            text.setLength(0);
            text.append(stripped);
        }
    }

    private static List<TemplatePart> trimLeading(List<TemplatePart> parts, boolean strip) {
        if (strip && !parts.isEmpty() && parts.get(0) instanceof TemplatePart.Text first) {
            List<TemplatePart> copy = new ArrayList<>(parts);
            String rest = first.text().stripLeading();
            if (rest.isEmpty()) {
                copy.remove(0);
            } else {
                copy.set(0, new TemplatePart.Text(rest));
            }
            return copy;
        }
        return parts;
    }

    /** The leading whitespace every non-blank line of a {@code <<-} heredoc shares. */
    private static int commonIndent(String content) {
        int indent = Integer.MAX_VALUE;
        for (String line : content.split("\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            int i = 0;
            while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            indent = Math.min(indent, i);
        }
        return indent == Integer.MAX_VALUE ? 0 : indent;
    }
}
