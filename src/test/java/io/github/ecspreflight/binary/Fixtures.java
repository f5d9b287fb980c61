package io.github.ecspreflight.binary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/** The ELF files built by src/test/fixtures-src/binary/make-fixtures.sh, and small helpers for byte content. */
final class Fixtures {

    private Fixtures() {}

    static byte[] read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/binary/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /binary/" + name + ": run make-fixtures.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/binary/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] firstBytes(String name, int length) {
        return Arrays.copyOf(read(name), length);
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes from ints, so that values above 0x7F need no casts. */
    static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}
