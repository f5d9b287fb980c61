package io.github.ecspreflight.hcl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** HCL native syntax: structure, where each piece is written, and syntax errors that name file and line. */
class HclParserTest {

    private static Body parse(String text) throws HclSyntaxException {
        return HclParser.parseFile(new HclSource("infra/main.tf", text));
    }

    @Test
    void blocksLabelsAndAttributesKeepTheirLines() throws Exception {
        Body body = parse("""
                # comment
                resource "aws_ecs_task_definition" "app" {
                  family = "x" // trailing comment
                  /* a block
                     comment */
                  runtime_platform {
                    cpu_architecture = "ARM64"
                  }
                  placement_constraints { type = "memberOf" }
                }
                """);

        Body.Block resource = body.blocks().get(0);
        assertThat(resource.type()).isEqualTo("resource");
        assertThat(resource.labels()).containsExactly("aws_ecs_task_definition", "app");
        assertThat(resource.span().line()).isEqualTo(2);
        assertThat(resource.body().attribute("family").orElseThrow().span().line())
                .isEqualTo(3);
        Body.Block platform = resource.body().blocks("runtime_platform").get(0);
        assertThat(platform.span().line()).isEqualTo(6);
        assertThat(platform.body()
                        .attribute("cpu_architecture")
                        .orElseThrow()
                        .span()
                        .line())
                .isEqualTo(7);
        assertThat(resource.body().blocks("placement_constraints").get(0).body().attribute("type"))
                .isPresent();
    }

    @Test
    void expressionsOfEveryKindParse() throws Exception {
        Body body = parse("""
                locals {
                  conditional = var.create ? 1 : 0
                  tuple_for   = [for k, v in var.containers : merge(v, { name = k }) if v.enabled]
                  object_for  = { for k, v in var.m : k => upper(v)... }
                  index       = var.list[0].name
                  legacy      = var.list.0
                  splat       = aws_instance.x[*].id
                  attr_splat  = var.list.*.id
                  arithmetic  = -1 + 2 * 3 % 4 / 5
                  logic       = !var.a && var.b != "x" || var.c >= 2
                  keys        = { "quoted" = 1, bare-name : 2, (local.computed) = 3 }
                  call        = format("%s-%s", var.a, "b")
                  expand      = concat(var.lists...)
                  provider_fn = provider::aws::arn_parse("arn")
                  multi_line = merge(
                    local.a,
                    {
                      b = 1
                      c = 2,
                    },
                  )
                }
                """);

        List<Body.Attribute> attributes = body.blocks().get(0).body().attributes();
        assertThat(attributes)
                .extracting(Body.Attribute::name)
                .containsExactly(
                        "conditional",
                        "tuple_for",
                        "object_for",
                        "index",
                        "legacy",
                        "splat",
                        "attr_splat",
                        "arithmetic",
                        "logic",
                        "keys",
                        "call",
                        "expand",
                        "provider_fn",
                        "multi_line");
        assertThat(attributes.get(0).expr()).isInstanceOf(Expr.Conditional.class);
        assertThat(attributes.get(1).expr()).isInstanceOfSatisfying(Expr.For.class, f -> {
            assertThat(f.keyVar()).isEqualTo("k");
            assertThat(f.valueVar()).isEqualTo("v");
            assertThat(f.condition()).isNotNull();
        });
        assertThat(attributes.get(2).expr())
                .isInstanceOfSatisfying(
                        Expr.For.class, f -> assertThat(f.grouping()).isTrue());
        assertThat(Expr.referencePath(attributes.get(3).expr())).containsExactly("var", "list", "name");
        assertThat(attributes.get(5).expr()).isInstanceOf(Expr.Splat.class);
        assertThat(attributes.get(6).expr()).isInstanceOf(Expr.Splat.class);
        assertThat(attributes.get(9).expr()).isInstanceOfSatisfying(Expr.ObjectCons.class, o -> {
            assertThat(o.items().get(0).literalKey()).isNull();
            assertThat(o.items().get(1).literalKey()).isEqualTo("bare-name");
            assertThat(o.items().get(2).key()).isInstanceOf(Expr.GetAttr.class);
        });
        assertThat(attributes.get(11).expr())
                .isInstanceOfSatisfying(
                        Expr.Call.class, c -> assertThat(c.expandLast()).isTrue());
        assertThat(attributes.get(12).expr())
                .isInstanceOfSatisfying(
                        Expr.Call.class, c -> assertThat(c.name()).isEqualTo("provider::aws::arn_parse"));
        assertThat(attributes.get(13).expr().span().text()).isEqualTo("merge( local.a, { b = 1 c = 2, }, )");
    }

    @Test
    void heredocStartsOnItsOwnLineAndEndsAtItsMarker() throws Exception {
        Body body = parse("""
                x = <<-EOT
                    [
                      "${var.a}"
                    ]
                  EOT
                y = 1
                """);

        Expr.Template heredoc =
                (Expr.Template) body.attribute("x").orElseThrow().expr();
        assertThat(heredoc.heredoc()).isTrue();
        assertThat(heredoc.span().line()).isEqualTo(1);
        assertThat(heredoc.parts()).hasSize(3);
        assertThat(((TemplatePart.Text) heredoc.parts().get(0)).text()).isEqualTo("[\n  \"");
        assertThat(body.attribute("y").orElseThrow().span().line()).isEqualTo(6);
    }

    @Test
    void templatesKeepEscapesDirectivesAndStripMarkers() throws Exception {
        Expr.Template template =
                (Expr.Template) parse("""
                x = "a\\"b\\n$${literal} %%{not} ${ var.x ~} c %{ if var.y }yes%{ else }no%{ endif }"
                """).attribute("x").orElseThrow().expr();

        assertThat(template.parts()).hasSize(4);
        assertThat(((TemplatePart.Text) template.parts().get(0)).text()).isEqualTo("a\"b\n${literal} %{not} ");
        assertThat(template.parts().get(1)).isInstanceOf(TemplatePart.Interpolation.class);
        assertThat(((TemplatePart.Text) template.parts().get(2)).text()).isEqualTo("c ");
        assertThat(template.parts().get(3)).isInstanceOfSatisfying(TemplatePart.If.class, i -> {
            assertThat(i.then()).containsExactly(new TemplatePart.Text("yes"));
            assertThat(i.otherwise()).containsExactly(new TemplatePart.Text("no"));
        });
    }

    @Test
    void aMissingValueIsASyntaxErrorAtItsLine() {
        assertThatThrownBy(() -> parse("""
                resource "aws_ecs_task_definition" "app" {
                  family =
                }
                """))
                .isInstanceOf(HclSyntaxException.class)
                .hasMessage(
                        "infra/main.tf:2: HCL syntax error: expected an expression, found a new " + "line (column 11)");
    }

    @Test
    void anUnclosedBlockNamesTheLineItOpensOn() {
        assertThatThrownBy(() -> parse("""
                locals {
                  a = 1

                resource "x" "y" {
                  b = 2
                """))
                .hasMessage(
                        "infra/main.tf:4: HCL syntax error: the block opened here has no closing " + "'}' (column 18)");
    }

    @Test
    void otherSyntaxErrorsAreOneLineWithFileAndLine() {
        assertThatThrownBy(() -> parse("a = \"unterminated\n"))
                .hasMessage("infra/main.tf:1: HCL syntax error: the string starting here has no closing "
                        + "'\"' on its line (column 5)");
        assertThatThrownBy(() -> parse("a = 1 b = 2\n"))
                .hasMessageStartingWith("infra/main.tf:1: HCL syntax error: unexpected a name after the value of 'a'");
        assertThatThrownBy(() -> parse("a = 1\na = 2\n"))
                .hasMessage(
                        "infra/main.tf:2: HCL syntax error: attribute 'a' is already set at line 1 " + "(column 1)");
        assertThatThrownBy(() -> parse("x = <<EOT\nno end\n"))
                .hasMessageContaining("infra/main.tf:1: HCL syntax error: the heredoc <<EOT has no closing EOT line");
        assertThatThrownBy(() -> parse("x = [1, 2\ny = 3\n"))
                .hasMessageContaining("infra/main.tf:2: HCL syntax error: expected ',' or ']' in the list");
        assertThatThrownBy(() -> parse("x = \"\\q\"\n"))
                .hasMessageContaining("infra/main.tf:1: HCL syntax error: invalid escape \\q");
        assertThatThrownBy(() -> parse("}\n"))
                .hasMessageContaining("infra/main.tf:1: HCL syntax error: unexpected '}' with no block open");
        assertThatThrownBy(() -> parse("x = \"%{ if true }open\"\n")).hasMessageContaining("has no %{ endif }");
    }

    @Test
    void templateFilesHaveNoEscapes() throws Exception {
        Expr.Template template = (Expr.Template)
                HclParser.parseTemplate(new HclSource("t.tpl", "a\\n${x}\n%{ for i in xs }${i},%{ endfor }"));

        assertThat(((TemplatePart.Text) template.parts().get(0)).text()).isEqualTo("a\\n");
        assertThat(template.parts().get(2)).isEqualTo(new TemplatePart.Text("\n"));
        assertThat(template.parts().get(3)).isInstanceOf(TemplatePart.For.class);
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreAccepted() throws Exception {
        Body body = parse("\uFEFFlocals {\r\n  a = \"x\"\r\n  b = <<EOT\r\ntext\r\nEOT\r\n}\r\n");

        assertThat(body.blocks().get(0).body().attributes())
                .extracting(Body.Attribute::name)
                .containsExactly("a", "b");
        assertThat(body.blocks()
                        .get(0)
                        .body()
                        .attribute("b")
                        .orElseThrow()
                        .span()
                        .line())
                .isEqualTo(3);
    }

    @Test
    void absurdNestingIsASyntaxErrorNotAStackOverflow() {
        assertThatThrownBy(() -> parse("a = " + "[".repeat(500) + "]".repeat(500) + "\n"))
                .isInstanceOf(HclSyntaxException.class)
                .hasMessageContaining("HCL syntax error: expressions nested more than 200 deep");
    }

    @Test
    void aSyntaxErrorNeverQuotesWhatFollowsFromTheFile() {
        // a password with a quote in it ends its string early; what follows must not reach the log
        assertThatThrownBy(() -> parse("db_password = \"hunter\"2secret\"\n"))
                .isInstanceOf(HclSyntaxException.class)
                .hasMessageNotContaining("2secret")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> parse("token = \"abc\" s3cr3tValue\n"))
                .isInstanceOf(HclSyntaxException.class)
                .hasMessageContaining("a name")
                .hasMessageNotContaining("s3cr3tValue");
    }

    @Test
    void nestingDeeperThanAnyConfigurationIsASyntaxErrorNotAStackOverflow() {
        // both found by the fuzz run: unary operators and blocks nest without passing through an expression
        assertThatThrownBy(() -> parse("a = " + "-".repeat(100_000) + "1\n"))
                .isInstanceOf(HclSyntaxException.class)
                .hasMessageContaining("nested more than 200 deep");
        assertThatThrownBy(() -> parse("b {\n".repeat(50_000)))
                .isInstanceOf(HclSyntaxException.class)
                .hasMessageContaining("blocks nested more than 200 deep");
        assertThatThrownBy(() -> parse("c = \"\\\n\"\n"))
                .isInstanceOf(HclSyntaxException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
