package io.github.ecspreflight.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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

        try (SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel(jar)) {
            ClassHeads heads = new ClassHeads(channel);
            List<CentralDirectory.Entry> entries = CentralDirectory.read(channel, 100);
            assertThat(entries).filteredOn(e -> e.name().endsWith(".class")).hasSize(16);
            for (CentralDirectory.Entry entry : entries) {
                if (entry.name().endsWith(".class")) {
                    int release = Integer.parseInt(entry.name().replaceAll("\\D", ""));
                    assertThat(heads.majorVersion(entry)).as(entry.name()).isEqualTo(release + 44);
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
        try (SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel(jar)) {
            ClassHeads heads = new ClassHeads(channel);
            Map<String, CentralDirectory.Entry> entries = new LinkedHashMap<>();
            for (CentralDirectory.Entry entry : CentralDirectory.read(channel, 100)) {
                entries.put(entry.name(), entry);
            }
            assertThat(heads.majorVersion(entries.get("p/Stored.class"))).isEqualTo(65);
            assertThat(heads.majorVersion(entries.get("p/Text.class"))).isZero();

            // a local header offset past the end (a damaged central directory) is not guessed at
            CentralDirectory.Entry stray = new CentralDirectory.Entry(
                    "p/Stray.class", CentralDirectory.Entry.DEFLATED, 10, 10, jar.length + 10);
            assertThat(heads.majorVersion(stray)).isEqualTo(-1);
            heads.end();
        }
    }
}
