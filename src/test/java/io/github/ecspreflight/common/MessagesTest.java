package io.github.ecspreflight.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void firstLineSkipsBlankLinesAndTrims() {
        assertThat(Messages.firstLine("\n  first problem  \r\nsecond")).isEqualTo("first problem");
        assertThat(Messages.firstLine(null)).isEmpty();
        assertThat(Messages.firstLine(" \n ")).isEmpty();
    }

    @Test
    void anExceptionWithoutMessageIsSaidInWordsNotByItsClassName() {
        assertThat(Messages.oneLine(new EOFException())).isEqualTo("unexpected end of data");
        assertThat(Messages.oneLine(new java.nio.channels.ClosedChannelException())).isEqualTo("closed channel");
        assertThat(Messages.oneLine(new IOException("disk full\n\tat somewhere"))).isEqualTo("disk full");
    }

    @Test
    void jacksonCausesLoseTheSourceNoiseAndTheEchoedToken() {
        assertThat(Messages.jsonCause("Unrecognized token 's3cr3t': was expecting (JSON String, Number, Array, Object "
                + "or token 'null', 'true' or 'false')\n at [Source: REDACTED; line: 3, column: 20]"))
                .isEqualTo("an unquoted value: was expecting (JSON String, Number, Array, Object or token 'null', "
                        + "'true' or 'false')")
                .doesNotContain("s3cr3t");
        assertThat(Messages.jsonCause("Unexpected end-of-input: expected close marker for Object (start marker at "
                + "[Source: (File); line: 2, column: 1])")).isEqualTo(
                        "Unexpected end-of-input: expected close marker for Object (opened at line 2)");
    }
}
