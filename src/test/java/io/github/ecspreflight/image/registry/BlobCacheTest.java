package io.github.ecspreflight.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer cache trusts nothing it did not just check: what a restored CI cache holds, or a registry sends. */
class BlobCacheTest {

    @TempDir
    Path work;

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aCachedBlobReplacedBySameSizeBytesIsFetchedAgainNeverTrusted() throws Exception {
        byte[] layer = "the real layer".getBytes(StandardCharsets.UTF_8);
        String digest = sha256(layer);
        BlobCache cache = new BlobCache(work);
        AtomicInteger downloads = new AtomicInteger();
        BlobCache.Download registry = out -> {
            downloads.incrementAndGet();
            out.write(layer);
        };
        Path cached = cache.get(digest, layer.length, registry);
        assertThat(cache.get(digest, layer.length, registry)).isEqualTo(cached);
        assertThat(downloads).hasValue(1);

        // another branch's cache restored over it: same name, same size, other bytes
        Files.write(cached, "a forged layer".getBytes(StandardCharsets.UTF_8));

        Path again = cache.get(digest, layer.length, registry);
        assertThat(downloads).hasValue(2);
        assertThat(Files.readAllBytes(again)).isEqualTo(layer);
    }

    @Test
    void aDownloadLongerThanItsManifestSaysIsCutOffAndNothingIsKept() throws Exception {
        byte[] layer = new byte[10_240];
        String digest = sha256(layer);
        BlobCache cache = new BlobCache(work);
        AtomicInteger written = new AtomicInteger();

        assertThatThrownBy(() -> cache.get(digest, layer.length, out -> {
                    byte[] chunk = new byte[4096];
                    for (int i = 0; i < 1_000; i++) { // 4 MB on offer for a 10 KiB layer
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                }))
                .isInstanceOf(BlobCache.MismatchException.class)
                .hasMessageContaining("more than the 10240 bytes the manifest says");
        assertThat(written.get()).isLessThanOrEqualTo(layer.length);
        try (var files = Files.walk(work)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void downloadsAnotherBuildLeftHalfWayAreTidiedAway() throws Exception {
        byte[] layer = "layer".getBytes(StandardCharsets.UTF_8);
        String digest = sha256(layer);
        BlobCache cache = new BlobCache(work);
        Path directory = cache.path(digest).getParent();
        Files.createDirectories(directory);
        Path orphan = Files.writeString(directory.resolve("abc.part"), "half");
        Files.setLastModifiedTime(orphan, FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));
        Path fresh = Files.writeString(directory.resolve("def.part"), "being written now");

        cache.get(digest, layer.length, out -> out.write(layer));

        assertThat(orphan).doesNotExist();
        assertThat(fresh).exists();
    }
}
