package io.github.ecspreflight.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-read class header path agrees with commons-compress's entry streams, deflated and stored. */
class ClassHeadsTest {

    @TempDir
    Path work;

    @Test
    void everyDeflatedClassOfAJarToolJarIsReadInOneGo() throws Exception {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (int release = 8; release <= 23; release++) {
            classes.put("p/C" + release + ".class", TestJars.compile(work, "p.C" + release, release));
        }
        byte[] jar = TestJars.jar(work, Map.of(), classes);

        try (SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel(jar);
                ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            ClassHeads heads = new ClassHeads(channel);
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                if (entry.getName().endsWith(".class")) {
                    int release = Integer.parseInt(entry.getName().replaceAll("\\D", ""));
                    assertThat(heads.majorVersion(entry)).as(entry.getName()).isEqualTo(release + 44);
                }
            }
            heads.end();
        }
    }

    @Test
    void aStoredClassIsReadAndANonClassIsZeroAndACutJarFallsBack() throws Exception {
        byte[] classFile = TestJars.compile(work, "p.Stored", 21);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> item : Map.of(
                            "p/Stored.class", classFile, "p/Text.class", "hello!!!!".getBytes())
                    .entrySet()) {
                ZipEntry entry = new ZipEntry(item.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(item.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(item.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(item.getValue());
                zip.closeEntry();
            }
        }
        byte[] jar = bytes.toByteArray();
        try (SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel(jar);
                ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            ClassHeads heads = new ClassHeads(channel);
            assertThat(heads.majorVersion(zip.getEntry("p/Stored.class"))).isEqualTo(65);
            assertThat(heads.majorVersion(zip.getEntry("p/Text.class"))).isZero();

            // a local header offset past the end (a damaged central directory) is not guessed at
            ZipArchiveEntry stray = new ZipArchiveEntry("p/Stray.class") {
                @Override
                public long getLocalHeaderOffset() {
                    return jar.length + 10;
                }
            };
            stray.setMethod(ZipEntry.DEFLATED);
            assertThat(heads.majorVersion(stray)).isEqualTo(-1);
            heads.end();
        }
    }
}
