package io.github.ecspreflight.binary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code #!} line parser of Linux's fs/binfmt_script.c (load_script, as rewritten in Linux 5.1), so that
 * the interpreter and argument are the ones the kernel would use, odd cases included:
 * <ul>
 *   <li>the kernel reads the first BINPRM_BUF_SIZE = 256 bytes of the file, zero-filled past its end;</li>
 *   <li>the line ends at the first '\n' in those bytes; with none, it is cut to 255 bytes (the last byte
 *       becomes the string terminator), unless the interpreter name reaches that far, then ENOEXEC;</li>
 *   <li>spaces and tabs (only those) are trimmed at both ends; a '\r' is an ordinary character, so a CRLF
 *       script asks for "/bin/sh\r";</li>
 *   <li>the interpreter ends at the first space, tab or NUL; everything after it, leading spaces and tabs
 *       skipped, is one argument (not split further), which ends at a NUL;</li>
 *   <li>no interpreter name at all is ENOEXEC.</li>
 * </ul>
 */
final class ShebangParser {

    /** BINPRM_BUF_SIZE in include/uapi/linux/binfmts.h since Linux 5.1 (128 before). */
    static final int KERNEL_BUFFER = 256;
    /** Bytes of a #! line without a newline that the kernel keeps: the 256th becomes the NUL terminator. */
    static final int KERNEL_LINE_LIMIT = KERNEL_BUFFER - 1;

    private static final String NO_INTERPRETER = "#! line without an interpreter";

    private ShebangParser() {}

    /**
     * @param head the file's first bytes (at least {@link #KERNEL_BUFFER} of them unless the file is shorter),
     *     starting with "#!"
     * @param fileSize the whole file's size
     */
    static ExecutableFormat parse(byte[] head, long fileSize) {
        // Variable names follow load_script(); like the kernel's helpers, the searches include their end index.
        byte[] buf = Arrays.copyOf(head, KERNEL_BUFFER); // zero-filled past the file's end, as in the kernel
        int bufEnd = KERNEL_BUFFER - 1;
        int iEnd = indexOf(buf, (byte) '\n');
        boolean truncated = false;
        if (iEnd < 0) {
            int first = nextNonSpaceTab(buf, 2, bufEnd);
            if (first < 0) {
                return new NotExecutable(NO_INTERPRETER);
            }
            if (nextTerminator(buf, first, bufEnd) < 0) {
                // the kernel cannot tell where the interpreter path ends, so it refuses to run a truncated one
                return new NotExecutable(
                        "#! line whose interpreter path does not fit the kernel's " + KERNEL_LINE_LIMIT + " bytes");
            }
            iEnd = bufEnd;
            truncated = fileSize > KERNEL_LINE_LIMIT;
        }
        while (isSpaceTab(buf[iEnd - 1])) {
            iEnd--;
        }
        int iName = nextNonSpaceTab(buf, 2, iEnd);
        if (iName < 0 || iName == iEnd) {
            return new NotExecutable(NO_INTERPRETER);
        }
        int iArg = -1;
        int iSep = nextTerminator(buf, iName, iEnd);
        if (iSep >= 0 && buf[iSep] != 0) {
            iArg = nextNonSpaceTab(buf, iSep, iEnd);
        }
        buf[iEnd] = 0;
        if (iArg >= 0) {
            buf[iSep] = 0;
        }
        String literalInterpreter = cString(buf, iName);
        if (literalInterpreter.isEmpty()) {
            return new NotExecutable(NO_INTERPRETER); // "#!" then NUL: the kernel fails to open "" (ENOENT)
        }
        String literalArgument = iArg >= 0 ? cString(buf, iArg) : null;
        // A DOS line ending leaves its '\r' on the last word of the line, the interpreter or the argument.
        boolean crlf = (literalArgument != null ? literalArgument : literalInterpreter).endsWith("\r");
        String interpreter = literalArgument == null ? withoutCr(literalInterpreter) : literalInterpreter;
        return new ShebangScript(
                interpreter, cleanArgument(literalArgument), literalInterpreter, literalArgument, crlf, truncated);
    }

    private static String cString(byte[] buf, int from) {
        int end = from;
        while (buf[end] != 0) {
            end++;
        }
        return new String(buf, from, end - from, StandardCharsets.UTF_8);
    }

    private static String withoutCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The argument as the script's author meant it: no CR, no spaces or tabs around it, null if nothing is left. */
    private static String cleanArgument(String literal) {
        if (literal == null) {
            return null;
        }
        String s = withoutCr(literal).strip();
        return s.isEmpty() ? null : s;
    }

    private static boolean isSpaceTab(byte b) {
        return b == ' ' || b == '\t';
    }

    /** next_non_spacetab(): the first index in [from, last] that is not a space or tab, or -1. */
    private static int nextNonSpaceTab(byte[] buf, int from, int last) {
        for (int i = from; i <= last; i++) {
            if (!isSpaceTab(buf[i])) {
                return i;
            }
        }
        return -1;
    }

    /** next_terminator(): the first index in [from, last] holding a space, tab or NUL, or -1. */
    private static int nextTerminator(byte[] buf, int from, int last) {
        for (int i = from; i <= last; i++) {
            if (isSpaceTab(buf[i]) || buf[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] buf, byte b) {
        for (int i = 0; i < buf.length; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
