package io.github.ecspreflight.binary;

import static io.github.ecspreflight.binary.Fixtures.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteRangeTest {

    @Test
    void prefixReportsTheWholeFileSizeAndReadsOnlyWhatItHolds() throws IOException {
        ByteRange range = ByteRange.ofPrefix(ascii("abcdef"), 100);
        byte[] buf = new byte[10];

        assertThat(range.size()).isEqualTo(100);
        assertThat(range.read(4, buf, 1, 10 - 1)).isEqualTo(2);
        assertThat(new String(buf, 1, 2)).isEqualTo("ef");
        assertThat(range.read(6, buf, 0, 4)).isEqualTo(-1);
        assertThat(range.read(50, buf, 0, 4)).isEqualTo(-1);
    }

    @Test
    void prefixLongerThanTheFileIsRejected() {
        assertThatThrownBy(() -> ByteRange.ofPrefix(new byte[10], 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void channelReadsAtAnyOffset(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("f"), ascii("0123456789"));
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteRange range = ByteRange.of(channel);
            byte[] buf = new byte[4];

            assertThat(range.size()).isEqualTo(10);
            assertThat(range.read(8, buf, 0, 4)).isEqualTo(2);
            assertThat(new String(buf, 0, 2)).isEqualTo("89");
            assertThat(range.read(3, buf, 0, 4)).isEqualTo(4);
            assertThat(new String(buf)).isEqualTo("3456");
            assertThat(range.read(10, buf, 0, 4)).isEqualTo(-1);
        }
    }

    @Test
    void sniffingAFileChannel(@TempDir Path dir) throws IOException {
        Path script = Files.write(dir.resolve("entrypoint.sh"), ascii("#!/bin/bash\r\nexec \"$@\"\r\n"));
        try (SeekableByteChannel channel = Files.newByteChannel(script)) {
            assertThat(ExecutableSniffer.sniff(ByteRange.of(channel)))
                    .isEqualTo(new ShebangScript("/bin/bash", null, "/bin/bash\r", null, true, false));
        }
    }
}
