package io.github.ecspreflight.ecs.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.hcl.Body;
import io.github.ecspreflight.hcl.Position;
import io.github.ecspreflight.hcl.Value;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values as Terraform would compute them, and unknown wherever only a plan could tell. */
class TerraformModuleTest {

    @TempDir
    Path work;

    private TerraformModule module(String mainTf, String... more) throws PreflightException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("main.tf", mainTf);
        for (int i = 0; i + 1 < more.length; i += 2) {
            files.put(more[i], more[i + 1]);
        }
        return TerraformModule.load(TerraformFixtures.module(work.resolve("infra"), files), "infra/");
    }

    private static Value local(TerraformModule module, String name) throws PreflightException {
        for (TerraformFiles.Parsed file : module.files()) {
            for (Body.Block block : file.body().blocks("locals")) {
                if (block.body().attribute(name).isPresent()) {
                    return module.evaluate(block.body().attribute(name).get().expr());
                }
            }
        }
        throw new AssertionError("no local " + name);
    }

    private static String text(Value value) {
        assertThat(value).isInstanceOf(Value.Str.class);
        return ((Value.Str) value).text();
    }

    @Test
    void aVariablesObjectTypeAddsItsOptionalAttributesAsTerraformsConversionDoes() throws Exception {
        // the shape of terraform-aws-modules/ecs's container_definitions: callers leave optional attributes out
        TerraformModule module = module("""
                variable "containers" {
                  type = map(object({
                    create = optional(bool, true)
                    image  = string
                    ports  = optional(list(object({ containerPort = number, protocol = optional(string, "tcp") })), [])
                    cpu    = optional(number)
                  }))
                  default = {
                    app    = { image = "app:1.0", ports = [{ containerPort = 8080 }] }
                    worker = { image = "worker:1.0", create = false }
                  }
                }
                locals {
                  created   = [for k, v in var.containers : k if v.create]
                  protocol  = var.containers["app"].ports[0].protocol
                  cpu       = var.containers["app"].cpu
                  no_ports  = length(var.containers["worker"].ports)
                }
                """);

        assertThat(((Value.Tuple) local(module, "created")).items()).containsExactly(new Value.Str("app"));
        assertThat(local(module, "protocol")).isEqualTo(new Value.Str("tcp"));
        assertThat(local(module, "cpu")).isEqualTo(Value.NULL);
        assertThat(local(module, "no_ports")).isEqualTo(new Value.Num(java.math.BigDecimal.ZERO));
    }

    @Test
    void aFullSplatAfterAFullSplatSplatsItsResultAgainAsHclDoes() throws Exception {
        TerraformModule module = module("""
                variable "x" {
                  default = [{ service = { tls = [1, 2] } }, { service = { tls = [3] } }]
                }
                locals {
                  count = length(flatten(var.x[*].service[*].tls[*]))
                  attr  = var.x.*.service.*.tls
                }
                """);

        assertThat(local(module, "count")).isEqualTo(new Value.Num(java.math.BigDecimal.valueOf(3)));
        assertThat(((Value.Tuple) local(module, "attr")).items()).hasSize(2);
    }

    @Test
    void formatlistFormatsEachElementAsTerraformsDocumentationShows() throws Exception {
        TerraformModule module = module("""
                locals {
                  hello  = formatlist("Hello, %s!", ["Valentina", "Ander"])
                  salute = formatlist("%s, %s!", "Salutations", ["Valentina", "Ander"])
                  quoted = join(",", formatlist("\\"%s\\"", ["a"]))
                }
                """);

        assertThat(((Value.Tuple) local(module, "hello")).items())
                .containsExactly(new Value.Str("Hello, Valentina!"), new Value.Str("Hello, Ander!"));
        assertThat(((Value.Tuple) local(module, "salute")).items())
                .containsExactly(new Value.Str("Salutations, Valentina!"), new Value.Str("Salutations, Ander!"));
        assertThat(local(module, "quoted")).isEqualTo(new Value.Str("\"a\""));
    }

    @Test
    void replaceWithAnUnknownReplacementLeavesTheRestKnown() throws Exception {
        TerraformModule module = module("""
                locals {
                  containers = replace(file("tpl.json"), "$${log_group}", aws_cloudwatch_log_group.lg.name)
                }
                """, "tpl.json", "[{\"name\": \"app\", \"group\": \"${log_group}\"}]\n");

        Value.Str text = (Value.Str) local(module, "containers");
        assertThat(text.text())
                .isEqualTo("[{\"name\": \"app\", \"group\": \"${aws_cloudwatch_log_group.lg.name}\"}]\n");
        assertThat(text.origin()).isNotNull();
    }

    @Test
    void variablesComeFromTfvarsThenAutoTfvarsThenDefaults() throws Exception {
        TerraformModule module =
                TerraformModule.load(TerraformFixtures.directory().resolve("tfvars"), "tfvars/");

        assertThat(module.variable("cpu_architecture")).isEqualTo(new Value.Str("ARM64"));
        // terraform.tfvars says eu-west-1, a.auto.tfvars eu-west-2, b.auto.tfvars.json (loaded last) eu-west-3
        assertThat(module.variable("region")).isEqualTo(new Value.Str("eu-west-3"));
        assertThat(module.variable("log_group")).isEqualTo(new Value.Str("/ecs/from-tfvars"));
        assertThat(((Value.Obj) module.variable("tags")).attributes()).isEmpty();
        assertThat(module.variable("undeclared")).isEqualTo(new Value.Unknown("var.undeclared"));
    }

    @Test
    void rangeCountsAsTerraformDoesSoForExpressionsOverItAreKnown() throws Exception {
        TerraformModule module = module("""
                locals {
                  three     = range(3)
                  evens     = range(0, 7, 2)
                  down      = range(3, 0)
                  workers   = [for i in range(2) : { name = "worker-${i}" }]
                }
                """);

        assertThat(((Value.Tuple) local(module, "three")).items())
                .extracting(v -> ((Value.Num) v).number().intValue())
                .containsExactly(0, 1, 2);
        assertThat(((Value.Tuple) local(module, "evens")).items())
                .extracting(v -> ((Value.Num) v).number().intValue())
                .containsExactly(0, 2, 4, 6);
        assertThat(((Value.Tuple) local(module, "down")).items())
                .extracting(v -> ((Value.Num) v).number().intValue())
                .containsExactly(3, 2, 1);
        assertThat(((Value.Tuple) local(module, "workers")).items())
                .hasSize(2)
                .extracting(v -> text(((Value.Obj) v).attributes().get("name")))
                .containsExactly("worker-0", "worker-1");
    }

    @Test
    void aVariableWithoutValueIsUnknownAndSoIsWhatUsesIt() throws Exception {
        TerraformModule module = module("""
                variable "tag" {}
                locals {
                  image    = "repo/app:${var.tag}"
                  upper    = upper(var.tag)
                  only     = "${var.tag}"
                  chosen   = var.tag == "x" ? "a" : "b"
                  fallback = coalesce(var.tag, "default")
                  listed   = [var.tag, "known"]
                }
                """);

        assertThat(text(local(module, "image"))).isEqualTo("repo/app:${var.tag}");
        assertThat(local(module, "upper")).isEqualTo(new Value.Unknown("upper(var.tag)"));
        assertThat(local(module, "only")).isEqualTo(new Value.Unknown("var.tag"));
        assertThat(local(module, "chosen")).isEqualTo(new Value.Unknown("var.tag == \"x\" ? \"a\" : \"b\""));
        assertThat(local(module, "fallback")).isEqualTo(new Value.Unknown("coalesce(var.tag, \"default\")"));
        assertThat(((Value.Tuple) local(module, "listed")).items())
                .containsExactly(new Value.Unknown("var.tag"), new Value.Str("known"));
    }

    @Test
    void resourcesDataSourcesAndModuleOutputsAreUnknown() throws Exception {
        TerraformModule module = module("""
                locals {
                  repository = aws_ecr_repository.app.repository_url
                  indexed    = aws_ecr_repository.app[0].repository_url
                  region     = data.aws_region.current.name
                  output     = module.app.container_definitions
                  workspace  = terraform.workspace
                  cycle_a    = local.cycle_b
                  cycle_b    = local.cycle_a
                }
                """);

        assertThat(local(module, "repository")).isEqualTo(new Value.Unknown("aws_ecr_repository.app.repository_url"));
        assertThat(local(module, "indexed")).isEqualTo(new Value.Unknown("aws_ecr_repository.app[0].repository_url"));
        assertThat(local(module, "region")).isEqualTo(new Value.Unknown("data.aws_region.current.name"));
        assertThat(local(module, "output")).isEqualTo(new Value.Unknown("module.app.container_definitions"));
        assertThat(local(module, "workspace")).isEqualTo(new Value.Unknown("terraform.workspace"));
        assertThat(local(module, "cycle_a")).isInstanceOf(Value.Unknown.class);
    }

    @Test
    void expressionsAndFunctionsComputeLikeTerraform() throws Exception {
        TerraformModule module = module("""
                variable "containers" {
                  default = {
                    web    = { image = "web:1", enabled = true }
                    worker = { image = "worker:1", enabled = false }
                    api    = { image = "api:1", enabled = true }
                  }
                }
                locals {
                  names      = [for k, v in var.containers : k if v.enabled]
                  images     = { for k, v in var.containers : k => upper(v.image) }
                  arithmetic = 1 + 2 * 3 - 8 / 4
                  logic      = !false && (1 < 2 || false) && "a" != "b"
                  merged     = merge({ a = 1, b = 2 }, { b = 3 }, null)
                  looked     = lookup({ a = "x" }, "b", "default")
                  tried      = try(var.containers.web.missing, "fallback")
                  missing    = var.containers.web.missing
                  formatted  = format("%s-%d", "svc", 3)
                  joined     = join(",", concat(["a"], ["b", "c"]))
                  flattened  = length(flatten([[1, 2], [3]]))
                  element    = element(["a", "b"], 3)
                  splat      = [{ id = 1 }, { id = 2 }][*].id
                  heredoc    = <<-EOT
                    line ${1 + 1}
                      indented
                  EOT
                  directive  = "%{ for n in ["a", "b"] }${n};%{ endfor }"
                  decoded    = jsondecode("{\\"k\\": [1, true]}").k[1]
                  timestamp  = timestamp()
                  unknown_fn = some_new_function(1)
                }
                """);

        assertThat(local(module, "names"))
                .isInstanceOfSatisfying(
                        Value.Tuple.class,
                        t -> assertThat(t.items()).containsExactly(new Value.Str("api"), new Value.Str("web")));
        assertThat(((Value.Obj) local(module, "images")).get("worker")).isEqualTo(new Value.Str("WORKER:1"));
        assertThat(((Value.Num) local(module, "arithmetic")).number()).isEqualByComparingTo(new BigDecimal("5"));
        assertThat(local(module, "logic")).isEqualTo(new Value.Bool(true));
        assertThat(((Value.Obj) local(module, "merged")).attributes())
                .containsEntry("a", new Value.Num(BigDecimal.ONE))
                .containsEntry("b", new Value.Num(new BigDecimal("3")));
        assertThat(text(local(module, "looked"))).isEqualTo("default");
        assertThat(text(local(module, "tried"))).isEqualTo("fallback");
        assertThat(local(module, "missing")).isEqualTo(new Value.Unknown("var.containers.web.missing"));
        assertThat(text(local(module, "formatted"))).isEqualTo("svc-3");
        assertThat(text(local(module, "joined"))).isEqualTo("a,b,c");
        assertThat(((Value.Num) local(module, "flattened")).number()).isEqualByComparingTo(new BigDecimal("3"));
        assertThat(text(local(module, "element"))).isEqualTo("b");
        assertThat(((Value.Tuple) local(module, "splat")).items()).hasSize(2);
        Value.Str heredoc = (Value.Str) local(module, "heredoc");
        assertThat(heredoc.text()).isEqualTo("line 2\n  indented\n");
        assertThat(heredoc.origin()).isEqualTo(new Position("infra/main.tf", 23));
        assertThat(text(local(module, "directive"))).isEqualTo("a;b;");
        assertThat(local(module, "decoded")).isEqualTo(new Value.Bool(true));
        assertThat(local(module, "timestamp")).isEqualTo(new Value.Unknown("timestamp()"));
        assertThat(local(module, "unknown_fn")).isEqualTo(new Value.Unknown("some_new_function(1)"));
    }

    @Test
    void jsonencodeKeepsWhereEachObjectAndKeyIsWritten() throws Exception {
        TerraformModule module = module("""
                locals {
                  defaults = {
                    essential = true
                  }
                  encoded = jsonencode([
                    merge(local.defaults, {
                      name  = "app"
                      image = aws_ecr_repository.app.repository_url
                    })
                  ])
                }
                """);

        Value.Str encoded = (Value.Str) local(module, "encoded");
        assertThat(encoded.text())
                .isEqualTo(
                        "[{\"essential\":true,\"name\":\"app\",\"image\":\"${aws_ecr_repository.app.repository_url}\"}]");
        Value.Obj container =
                (Value.Obj) ((Value.Tuple) encoded.encoded()).items().get(0);
        assertThat(container.location()).isEqualTo(new Position("infra/main.tf", 6));
        assertThat(container.keyLocations())
                .containsEntry("essential", new Position("infra/main.tf", 3))
                .containsEntry("image", new Position("infra/main.tf", 8));
    }

    @Test
    void fileAndTemplatefileReadRelativeToTheModule() throws Exception {
        TerraformModule module = module(
                """
                locals {
                  plain    = file("${path.module}/containers/app.json")
                  rendered = templatefile("templates/app.tpl", { image = "app:1", ports = [80, 443] })
                  partial  = templatefile("templates/app.tpl", { image = var.unset, ports = [] })
                  missing  = file("nope.json")
                }
                """,
                "containers/app.json",
                "[{\"name\": \"app\"}]\n",
                "templates/app.tpl",
                "image=${image}\n%{ for p in ports }${p} %{ endfor }\n");

        Value.Str plain = (Value.Str) local(module, "plain");
        assertThat(plain.text()).isEqualTo("[{\"name\": \"app\"}]\n");
        assertThat(plain.origin()).isEqualTo(new Position("infra/containers/app.json", 1));
        Value.Str rendered = (Value.Str) local(module, "rendered");
        assertThat(rendered.text()).isEqualTo("image=app:1\n80 443 \n");
        assertThat(rendered.origin()).isEqualTo(new Position("infra/templates/app.tpl", 1));
        assertThat(text(local(module, "partial"))).isEqualTo("image=${var.unset}\n\n");
        assertThatThrownBy(() -> local(module, "missing"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("taskDefinition infra/main.tf:5: file(\"nope.json\"): cannot read infra/nope.json: file "
                        + "not found");
    }

    @Test
    void dynamicBlocksExpandWhenTheirForEachIsKnown() throws Exception {
        TerraformModule module = module("""
                variable "platform" {
                  default = { cpu_architecture = "ARM64" }
                }
                variable "unset" {}
                resource "aws_ecs_task_definition" "app" {
                  dynamic "runtime_platform" {
                    for_each = var.platform != null ? [var.platform] : []
                    iterator = p
                    content {
                      cpu_architecture = p.value.cpu_architecture
                    }
                  }
                  dynamic "placement_constraints" {
                    for_each = var.unset
                    content {
                      type = "memberOf"
                    }
                  }
                }
                """);

        Body body = module.resources("aws_ecs_task_definition").get(0).body();
        List<TerraformModule.BlockInstance> platforms = module.blocks(body, "runtime_platform");
        assertThat(platforms).hasSize(1);
        assertThat(module.attribute(platforms.get(0), "cpu_architecture")).isEqualTo(new Value.Str("ARM64"));
        assertThat(platforms.get(0).span().line()).isEqualTo(9);
        List<TerraformModule.BlockInstance> constraints = module.blocks(body, "placement_constraints");
        assertThat(constraints).hasSize(1);
        assertThat(module.attribute(constraints.get(0), "type")).isEqualTo(new Value.Unknown("var.unset"));
    }

    @Test
    void overrideFilesReplaceAttributesAndNestedBlocks() throws Exception {
        TerraformModule module = module("""
                resource "aws_ecs_task_definition" "app" {
                  family = "base"
                  runtime_platform {
                    cpu_architecture = "X86_64"
                  }
                }
                """, "override.tf", """
                resource "aws_ecs_task_definition" "app" {
                  runtime_platform {
                    cpu_architecture = "ARM64"
                  }
                }
                """);

        TerraformModule.Resource resource =
                module.resource("aws_ecs_task_definition", "app").orElseThrow();
        assertThat(module.evaluate(
                        resource.body().attribute("family").orElseThrow().expr()))
                .isEqualTo(new Value.Str("base"));
        TerraformModule.BlockInstance platform =
                module.blocks(resource.body(), "runtime_platform").get(0);
        assertThat(module.attribute(platform, "cpu_architecture")).isEqualTo(new Value.Str("ARM64"));
        assertThat(platform.span().location()).isEqualTo(new Position("infra/override.tf", 2));
    }

    @Test
    void aSyntaxErrorInAnyFileOfTheModuleNamesThatFile() {
        assertThatThrownBy(() -> module("locals {}\n", "variables.tf", "variable \"x\" {\n  default = [1,\n}\n"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition infra/variables.tf:3: HCL syntax error: ");
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // a safety net: reading a FIFO would block for ever
    void fileOfAFifoOrADeviceIsRefusedNotRead() throws Exception {
        java.nio.file.Files.createDirectories(work.resolve("infra"));
        io.github.ecspreflight.TestResources.fifo(work.resolve("infra/pipe.json"));
        TerraformModule module = module("""
                locals {
                  pipe = file("pipe.json")
                  zero = file("/dev/zero")
                }
                """);

        assertThatThrownBy(() -> local(module, "pipe"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("file(\"pipe.json\"): cannot read infra/pipe.json: not a regular file");
        assertThatThrownBy(() -> local(module, "zero"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void aChainOfLocalsFarLongerThanAnyRealOneIsAOneLineErrorNotAStackOverflow() throws Exception {
        StringBuilder chain = new StringBuilder("locals {\n  l0 = \"ARM64\"\n");
        for (int i = 1; i <= 2_000; i++) {
            chain.append("  l").append(i).append(" = local.l").append(i - 1).append("\n");
        }
        TerraformModule module = module(chain.append("}\n").toString());

        assertThat(text(local(module, "l100"))).isEqualTo("ARM64");
        assertThatThrownBy(() -> local(module, "l2000"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition infra/main.tf:")
                .hasMessageContaining("expressions nest more than 500 deep");
    }

    @Test
    void aTemplatefileThatRendersItselfIsAOneLineError() throws Exception {
        TerraformModule module = module("""
                locals {
                  rendered = templatefile("${path.module}/self.tpl", {})
                }
                """, "self.tpl", "again: ${templatefile(\"self.tpl\", {})}\n");

        assertThatThrownBy(() -> local(module, "rendered"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("templatefile() nests more than 32 deep");
    }

    @Test
    void aStringDoubledUntilItWouldFillTheHeapIsRefusedWhereItGrowsTooLarge() throws Exception {
        StringBuilder locals = new StringBuilder("locals {\n  d0 = \"xxxxxxxx\"\n");
        for (int i = 1; i <= 40; i++) { // 8 × 2^40 characters, were it allowed to grow
            locals.append("  d")
                    .append(i)
                    .append(" = \"${local.d")
                    .append(i - 1)
                    .append("}${local.d")
                    .append(i - 1)
                    .append("}\"\n");
        }
        TerraformModule module = module(locals.append("}\n").toString());

        assertThat(text(local(module, "d3"))).hasSize(64);
        assertThatThrownBy(() -> local(module, "d40"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("taskDefinition infra/main.tf:")
                .hasMessageContaining("larger than any configuration needs");
    }

    @Test
    void nestedForExpressionsOverTheLargestRangesRunOutOfStepsNotOfTime() throws Exception {
        TerraformModule module = module("""
                locals {
                  cube = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]
                }
                """);

        assertThatThrownBy(() -> local(module, "cube"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("takes more than 5000000 steps");
    }
}
