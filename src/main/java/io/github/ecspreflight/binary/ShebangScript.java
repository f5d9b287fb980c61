package io.github.ecspreflight.binary;

import java.util.Objects;

/**
 * A script starting with {@code #!}, parsed the way the kernel's binfmt_script does: the kernel then
 * executes {@code literalInterpreter [literalArgument] script-path [args...]}, and that interpreter must in
 * turn be an ELF or another script (the kernel follows at most 4 levels of nesting).
 *
 * @param interpreter the interpreter path without a trailing carriage return, e.g. "/bin/sh"
 * @param argument the optional single argument without a trailing carriage return, trimmed; null if none
 * @param literalInterpreter the path exactly as the kernel looks it up: "/bin/sh\r" for a CRLF script
 * @param literalArgument the argument exactly as the kernel passes it ("python3\r" for
 *     "#!/usr/bin/env python3\r\n"); null if none
 * @param crlf whether the last word of the {@code #!} line ends in "\r", as when the script has DOS (CRLF) line
 *     endings: the kernel then looks for "/bin/sh\r", or passes "python3\r" to env
 * @param lineTruncated whether the line is longer than the kernel reads (255 bytes, see {@link ShebangParser})
 *     and was cut there
 */
public record ShebangScript(
        String interpreter,
        String argument,
        String literalInterpreter,
        String literalArgument,
        boolean crlf,
        boolean lineTruncated)
        implements ExecutableFormat {

    public ShebangScript {
        Objects.requireNonNull(interpreter, "interpreter");
        Objects.requireNonNull(literalInterpreter, "literalInterpreter");
    }

    @Override
    public boolean recognisedByKernel() {
        return true;
    }

    @Override
    public String description() {
        StringBuilder text = new StringBuilder("script, #!").append(interpreter);
        if (argument != null) {
            text.append(' ').append(argument);
        }
        if (crlf) {
            text.append(" (the #! line ends in CRLF: ");
            if (!literalInterpreter.equals(interpreter)) {
                text.append("the kernel looks for '")
                        .append(visible(literalInterpreter))
                        .append("')");
            } else {
                text.append("the kernel passes the argument '")
                        .append(visible(literalArgument))
                        .append("' to ")
                        .append(interpreter)
                        .append(')');
            }
        }
        if (lineTruncated) {
            text.append(" (the #! line is longer than the ")
                    .append(ShebangParser.KERNEL_LINE_LIMIT)
                    .append(" bytes the kernel reads, and was cut there)");
        }
        return text.toString();
    }

    /** A carriage return written as {@code \r}, so that a message shows it. */
    private static String visible(String s) {
        return s.replace("\r", "\\r");
    }
}
