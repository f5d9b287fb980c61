package io.github.ecspreflight.binary;

import static io.github.ecspreflight.binary.Fixtures.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** #! lines as Linux's binfmt_script parses them (see ShebangParser for the rules). */
class ShebangTest {

    private static ExecutableFormat sniff(String content) {
        return ExecutableSniffer.sniff(ascii(content));
    }

    @Test
    void plainShellScript() {
        ExecutableFormat format = sniff("#!/bin/sh\nexec java -jar /app.jar\n");

        assertThat(format).isEqualTo(new ShebangScript("/bin/sh", null, "/bin/sh", null, false, false));
        assertThat(format.description()).isEqualTo("script, #!/bin/sh");
        assertThat(format.recognisedByKernel()).isTrue();
    }

    @Test
    void crlfScriptMakesTheKernelLookForAnInterpreterEndingInCr() {
        ExecutableFormat format = sniff("#!/bin/sh\r\nexec java -jar /app.jar\r\n");

        assertThat(format).isEqualTo(new ShebangScript("/bin/sh", null, "/bin/sh\r", null, true, false));
        assertThat(format.description())
                .isEqualTo("script, #!/bin/sh (the #! line ends in CRLF: the kernel looks for '/bin/sh\\r')");
        assertThat(format.recognisedByKernel()).isTrue();
    }

    @Test
    void envWithOneArgument() {
        ExecutableFormat format = sniff("#!/usr/bin/env python3\nprint('hi')\n");

        assertThat(format)
                .isEqualTo(new ShebangScript("/usr/bin/env", "python3", "/usr/bin/env", "python3", false, false));
        assertThat(format.description()).isEqualTo("script, #!/usr/bin/env python3");
    }

    @Test
    void crlfScriptWithArgumentPassesTheCrToTheInterpreter() {
        ExecutableFormat format = sniff("#!/usr/bin/env python3\r\nprint('hi')\r\n");

        assertThat(format)
                .isEqualTo(new ShebangScript("/usr/bin/env", "python3", "/usr/bin/env", "python3\r", true, false));
        assertThat(format.description())
                .isEqualTo("script, #!/usr/bin/env python3 (the #! line ends in CRLF: "
                        + "the kernel passes the argument 'python3\\r' to /usr/bin/env)");
    }

    @Test
    void spacesAndTabsAroundAreSkippedAndTheRestIsOneArgument() {
        ExecutableFormat format = sniff("#! \t/bin/bash  -e -x \t\necho\n");

        assertThat(format).isEqualTo(new ShebangScript("/bin/bash", "-e -x", "/bin/bash", "-e -x", false, false));
        assertThat(format.description()).isEqualTo("script, #!/bin/bash -e -x");
    }

    @Test
    void shortScriptWithoutNewline() {
        assertThat(sniff("#!/bin/sh")).isEqualTo(new ShebangScript("/bin/sh", null, "/bin/sh", null, false, false));
    }

    @Test
    void trailingBlanksWithoutNewlineBecomeAnEmptyArgument() {
        // The file's end is zero-filled: trimming stops at the NUL, so the kernel passes "" as the argument.
        assertThat(sniff("#!/bin/sh  ")).isEqualTo(new ShebangScript("/bin/sh", null, "/bin/sh", "", false, false));
    }

    @Test
    void nulEndsTheArgument() {
        assertThat(sniff("#!/bin/sh -e\0-x\n"))
                .isEqualTo(new ShebangScript("/bin/sh", "-e", "/bin/sh", "-e", false, false));
    }

    @Test
    void lineLongerThanTheKernelReadsIsCutAfter255Bytes() {
        String argument = "x".repeat(300);

        ExecutableFormat format = sniff("#!/bin/sh " + argument + "\necho\n");

        String kept = "x".repeat(255 - "#!/bin/sh ".length());
        assertThat(format).isEqualTo(new ShebangScript("/bin/sh", kept, "/bin/sh", kept, false, true));
        assertThat(format.description())
                .isEqualTo("script, #!/bin/sh " + kept
                        + " (the #! line is longer than the 255 bytes the kernel reads, and was cut there)");
    }

    @Test
    void interpreterPathEndingRightAtTheBufferEndIsAccepted() {
        // 255 bytes of "#!/aaa..." and a space as the 256th byte: the path ends inside the buffer
        String path = "/" + "a".repeat(252);
        String content = "#!" + path + " " + "b".repeat(50);

        assertThat(content.indexOf(' ')).isEqualTo(255);
        assertThat(sniff(content)).isEqualTo(new ShebangScript(path, null, path, null, false, true));
    }

    @Test
    void interpreterPathLongerThanTheKernelReadsIsRefused() {
        ExecutableFormat format = sniff("#!/" + "a".repeat(300) + "\n");

        assertThat(format)
                .isEqualTo(new NotExecutable("#! line whose interpreter path does not fit the kernel's 255 bytes"));
        assertThat(format.recognisedByKernel()).isFalse();
    }

    @Test
    void noInterpreter() {
        NotExecutable none = new NotExecutable("#! line without an interpreter");

        assertThat(sniff("#!\necho\n")).isEqualTo(none);
        assertThat(sniff("#! \t \necho\n")).isEqualTo(none);
        assertThat(sniff("#!")).isEqualTo(none);
        assertThat(sniff("#!\0/bin/sh\n")).isEqualTo(none);
        assertThat(sniff("#!" + " ".repeat(400))).isEqualTo(none);
        assertThat(none.description()).isEqualTo("not an executable format (#! line without an interpreter)");
    }

    @Test
    void shellScriptWithoutShebangIsNotExecutable() {
        ExecutableFormat format = sniff("set -e\nexec java -jar /app.jar\n");

        assertThat(format).isEqualTo(new NotExecutable("text without a #! line"));
        assertThat(format.description()).isEqualTo("not an executable format (text without a #! line)");
        assertThat(format.recognisedByKernel()).isFalse();
    }
}
