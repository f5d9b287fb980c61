package io.github.ecspreflight.hcl;

/** What the evaluator asks of the module an expression belongs to. */
public interface ModuleContext {

    /** {@code var.name}: tfvars, else the default, else unknown. */
    Value variable(String name);

    /** {@code module.name}: the outputs of the module that block calls; unknown when it is not read. */
    Value moduleOutputs(String name);

    /** {@code local.name}: its value, unknown on a cycle. */
    Value local(String name);

    /**
     * {@code path.module}, {@code path.root}, {@code path.cwd}: as paths that {@link #file} resolves, since a relative
     * path is relative to where Terraform runs, as in Terraform.
     */
    Value path(String name);

    /** {@code file(path)}: the file's text with its first line as origin; path relative to the module directory. */
    Value.Str file(String path, Span at);

    /** Whether {@code path} names a readable file, relative to the module directory. */
    boolean fileExists(String path);

    /** {@code templatefile(path, ...)}: the template parsed. */
    Expr template(String path, Span at);
}
