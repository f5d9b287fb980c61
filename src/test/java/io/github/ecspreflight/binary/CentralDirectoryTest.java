package io.github.ecspreflight.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Central directories as the JDK's zip writer and Spring Boot's launch-script jars lay them out, and damaged ones. */
class CentralDirectoryTest {

    @TempDir
    Path work;

    private static List<CentralDirectory.Entry> read(byte[] zip) throws Exception {
        return CentralDirectory.read(new SeekableInMemoryByteChannel(zip), 1_000_000);
    }

    @Test
    void moreThan65535EntriesAreReadThroughTheZip64EndRecord() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 70_000; i++) {
                zip.putNextEntry(new ZipEntry("p/C" + i + ".class"));
                zip.closeEntry();
            }
        }

        List<CentralDirectory.Entry> entries = read(bytes.toByteArray());

        assertThat(entries).hasSize(70_000);
        assertThat(entries.get(69_999).name()).isEqualTo("p/C69999.class");
    }

    @Test
    void aLaunchScriptBeforeTheZipShiftsEveryOffsetAndTheJarIsStillRead() throws Exception {
        byte[] jar = TestJars.jar(
                work,
                Map.of("Main-Class", "com.example.App"),
                Map.of("com/example/App.class", TestJars.compile(work, "com.example.App", 21)));
        byte[] script = "#!/bin/bash\n# a fully executable Spring Boot jar starts with its launch script\nexit 0\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] executable = Arrays.copyOf(script, script.length + jar.length);
        System.arraycopy(jar, 0, executable, script.length, jar.length);
        Path file = Files.write(work.resolve("app.jar"), executable);

        JarContents contents = JarReader.read(FileChannel.open(file));

        assertThat(contents.mainClass()).isEqualTo("com.example.App");
        assertThat(contents.newest().javaRelease()).isEqualTo(21);
    }

    @Test
    void damagedDirectoriesAreUnreadableWithTheCause() throws Exception {
        byte[] jar = TestJars.jar(
                work, Map.of(), Map.of("com/example/App.class", TestJars.compile(work, "com.example.App", 17)));

        assertThatThrownBy(() -> read(Arrays.copyOf(jar, 10)))
                .isInstanceOf(UnreadableJarException.class)
                .hasMessageContaining("too short for a zip");
        assertThatThrownBy(() -> read(Arrays.copyOf(jar, jar.length - 22)))
                .isInstanceOf(UnreadableJarException.class)
                .hasMessageContaining("no zip end-of-central-directory record");
        byte[] cut = Arrays.copyOfRange(jar, 200, jar.length); // the start (and the directory's targets) cut off
        assertThatThrownBy(() -> read(cut)).isInstanceOf(UnreadableJarException.class);
        byte[] many = jar.clone();
        int end = many.length - 22;
        many[end + 10] = (byte) 0xfe; // the end record claims 65,278 entries
        many[end + 11] = (byte) 0xfe;
        assertThatThrownBy(() -> CentralDirectory.read(new SeekableInMemoryByteChannel(many), 1000))
                .isInstanceOf(UnreadableJarException.class)
                .hasMessage("it lists more than 1000 entries");
    }
}
