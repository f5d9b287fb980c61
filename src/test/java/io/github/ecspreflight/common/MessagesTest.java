package io.github.ecspreflight.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void libraryMessagesLoseTheirClassNamesEventsTypesAndSdkTrailers() {
        assertThat(Messages.oneLine(
                        new java.io.IOException("java.io.CharConversionException: Invalid UTF-32 character")))
                .isEqualTo("char conversion: Invalid UTF-32 character");
        assertThat(Messages.plain(
                        "expected a mapping, found <org.yaml.snakeyaml.events.SequenceStartEvent(anchor=null)>"))
                .isEqualTo("expected a mapping, found a YAML sequence start");
        assertThat(Messages.plain("Cannot deserialize value of type `java.lang.String` from Object value"))
                .isEqualTo("Cannot deserialize value of type a string from Object value");
        assertThat(Messages.plain("com.fasterxml.jackson.databind.node.ObjectNode cannot be cast"))
                .isEqualTo("object node cannot be cast");
        assertThat(Messages.plain("Unable to parse (Service: Ecs, Status Code: 200, Request ID: abc)"))
                .isEqualTo("Unable to parse");
        assertThat(Messages.plain("cannot read /app/run.sh in layer 2 of 3"))
                .isEqualTo("cannot read /app/run.sh in layer 2 of 3");
    }

    @Test
    void aLongListIsCutWithHowManyMore() {
        assertThat(Messages.list(java.util.List.of("a", "b"))).isEqualTo("a, b");
        java.util.List<String> many = java.util.stream.IntStream.range(0, 70_000)
                .mapToObj(i -> "c" + i)
                .toList();
        assertThat(Messages.list(many)).isEqualTo("c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 69,990 more");
    }

    @Test
    void printableWritesOutEveryControlCharacterSoNoValueStartsALine() {
        assertThat(Messages.printable("a\nb\rc\td\u001b[31me\u2028f")).isEqualTo("a\\nb\\rc\\td\\u001b[31me\\u2028f");
        assertThat(Messages.printable("plain: text, with 'quotes'")).isEqualTo("plain: text, with 'quotes'");
        assertThat(Messages.printable(null)).isNull();
        assertThat(new PreflightException("taskDefinition x\n[INFO] BUILD SUCCESS").getMessage())
                .isEqualTo("taskDefinition x\\n[INFO] BUILD SUCCESS");
    }

    @Test
    void printableShortensAWordLongerThanAnyRealValueToItsStartAndEnd() {
        String path = "/" + "a/".repeat(450_000) + "server";
        String message = Messages.printable("entryPoint " + path + " is too long\n(ENAMETOOLONG)");

        assertThat(message)
                .startsWith("entryPoint /a/a/")
                .contains("...(900,007 characters)...")
                .endsWith("a/a/server is too long\\n(ENAMETOOLONG)")
                .hasSizeLessThan(400);
        String arn = "arn:aws:iam::123456789012:role/" + "r".repeat(300);
        assertThat(Messages.printable("role " + arn + " ok")).isEqualTo("role " + arn + " ok");
    }

    @Test
    void scrubRemovesNamedSecretsAndKeyLikeRunsButKeepsTheWords() {
        String token = "IQoJb3JpZ2luX2VjEJr//////////wEaCWV1LXdlc3QtMSJHMEUCIQDxr8c0gH7mPq";

        assertThat(Messages.scrub("request failed: X-Amz-Security-Token: " + token + " (403)"))
                .isEqualTo("request failed: X-Amz-Security-Token: **** (403)");
        assertThat(Messages.scrub("url?password=hunter2&user=me")).isEqualTo("url?password=****&user=me");
        assertThat(Messages.scrub("{\"token\": \"abc123\"}")).isEqualTo("{\"token\": \"****\"}");
        assertThat(Messages.scrub("Authorization: Bearer abc.def.ghi")).isEqualTo("Authorization: Bearer ****");
        assertThat(Messages.scrub("encoded " + token + token)).isEqualTo("encoded ****");
        assertThat(Messages.scrub("cannot read /app/hello in layer 2 of 3"))
                .isEqualTo("cannot read /app/hello in layer 2 of 3");
        assertThat(Messages.scrub(null)).isNull();
    }

    @Test
    void aScrubbedTraceKeepsTheClassesAndFramesOfEveryCauseAndNoSecret() {
        IllegalStateException cause = new IllegalStateException("signature mismatch, secret=s3cr3t-value");
        RuntimeException failure = new RuntimeException("could not sign the request", cause);

        Throwable trace = Messages.scrubbedTrace(failure);

        assertThat(trace.toString()).isEqualTo("java.lang.RuntimeException: could not sign the request");
        assertThat(trace.getStackTrace()).isEqualTo(failure.getStackTrace());
        assertThat(trace.getCause().toString())
                .isEqualTo("java.lang.IllegalStateException: signature mismatch, secret=****");
        assertThat(trace.getCause().getStackTrace()).isEqualTo(cause.getStackTrace());
        java.io.StringWriter printed = new java.io.StringWriter();
        trace.printStackTrace(new java.io.PrintWriter(printed));
        assertThat(printed.toString())
                .contains("Caused by: java.lang.IllegalStateException")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aCauseCycleEndsTheScrubbedTrace() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        Throwable trace = Messages.scrubbedTrace(b);

        int depth = 0;
        for (Throwable t = trace; t != null; t = t.getCause()) {
            depth++;
        }
        assertThat(depth).isLessThan(30);
    }

    @Test
    void firstLineSkipsBlankLinesAndTrims() {
        assertThat(Messages.firstLine("\n  first problem  \r\nsecond")).isEqualTo("first problem");
        assertThat(Messages.firstLine(null)).isEmpty();
        assertThat(Messages.firstLine(" \n ")).isEmpty();
    }

    @Test
    void anExceptionWithoutMessageIsSaidInWordsNotByItsClassName() {
        assertThat(Messages.oneLine(new EOFException())).isEqualTo("unexpected end of data");
        assertThat(Messages.oneLine(new java.nio.channels.ClosedChannelException()))
                .isEqualTo("closed channel");
        assertThat(Messages.oneLine(new IOException("disk full\n\tat somewhere")))
                .isEqualTo("disk full");
    }

    @Test
    void jacksonCausesLoseTheSourceNoiseAndTheEchoedToken() {
        assertThat(Messages.jsonCause("Unrecognized token 's3cr3t': was expecting (JSON String, Number, Array, Object "
                        + "or token 'null', 'true' or 'false')\n at [Source: REDACTED; line: 3, column: 20]"))
                .isEqualTo("an unquoted value: was expecting (JSON String, Number, Array, Object or token 'null', "
                        + "'true' or 'false')")
                .doesNotContain("s3cr3t");
        assertThat(Messages.jsonCause("Unexpected end-of-input: expected close marker for Object (start marker at "
                        + "[Source: (File); line: 2, column: 1])"))
                .isEqualTo("Unexpected end-of-input: expected close marker for Object (opened at line 2)");
    }
}
