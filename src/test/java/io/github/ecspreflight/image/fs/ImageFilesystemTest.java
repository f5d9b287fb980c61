package io.github.ecspreflight.image.fs;

import static io.github.ecspreflight.image.LayerImages.gzipBlob;
import static io.github.ecspreflight.image.LayerImages.layer;
import static io.github.ecspreflight.image.LayerImages.plainBlob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import io.github.ecspreflight.binary.ByteRange;
import io.github.ecspreflight.common.PreflightException;
import io.github.ecspreflight.image.Image;
import io.github.ecspreflight.image.ImageFiles;
import io.github.ecspreflight.image.ImageReference;
import io.github.ecspreflight.image.LayerImages;
import io.github.ecspreflight.image.LayerImages.Blob;
import io.github.ecspreflight.image.LayerImages.Layer;
import io.github.ecspreflight.image.RegistryAccess;
import io.github.ecspreflight.image.TestImages;
import io.github.ecspreflight.image.fs.PathResolution.Outcome;
import io.github.ecspreflight.image.layout.LayoutFiles;
import io.github.ecspreflight.image.layout.LayoutReader;
import io.github.ecspreflight.image.open.ImageOpener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The merged layer view: real Jib-built images (gzip layers) and layers written entry by entry for what Jib cannot
 * build (symlinks, hard links, whiteouts, opaque directories), in an OCI layout with gzip or uncompressed blobs and in
 * Docker's legacy archive with uncompressed {@code layer.tar}s.
 */
class ImageFilesystemTest {

    @TempDir
    Path work;

    private final List<Image> opened = new ArrayList<>();

    @AfterEach
    void closeImages() throws IOException {
        for (Image image : opened) {
            image.close();
        }
    }

    private ImageFilesystem open(String reference) throws PreflightException {
        Image image = new ImageOpener(work, RegistryAccess.defaults()).open(ImageReference.parse(reference));
        opened.add(image);
        return new ImageFilesystem(image, image.manifest(image.entries().get(0)));
    }

    private ImageFilesystem oci(String name, Blob... layers) throws Exception {
        LayerImages.ociLayout(work.resolve(name), List.of(layers));
        return open("oci:" + name);
    }

    private ImageFilesystem ociGzip(String name, Layer... layers) throws Exception {
        return oci(name, Arrays.stream(layers).map(LayerImages::gzipBlob).toArray(Blob[]::new));
    }

    private ImageFilesystem legacyArchive(String name, Layer... layers) throws Exception {
        LayerImages.legacyDockerArchive(work.resolve(name), List.of(layers));
        return open("docker-archive:" + name);
    }

    private static String text(ImageFilesystem fs, FileEntry file) throws Exception {
        ByteRange range = fs.open(file);
        byte[] bytes = new byte[(int) Math.min(range.size(), 1 << 20)];
        int n = Math.max(0, range.read(0, bytes, 0, bytes.length));
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private Path file(String content) throws IOException {
        Path file = Files.createTempFile(work, "entry", ".bin");
        Files.writeString(file, content);
        return file;
    }

    /** Jib from scratch, two layers: {@code /app/run} in both, {@code /app/lib.txt} and {@code /app/other} below or above. */
    private JibContainerBuilder twoJibLayers() throws IOException {
        return Jib.fromScratch()
                .setPlatforms(Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform("amd64", "linux")))
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .setName("base")
                        .addEntry(
                                file("#!/bin/sh\necho bottom\n"),
                                AbsoluteUnixPath.get("/app/run"),
                                FilePermissions.fromOctalString("644"))
                        .addEntry(
                                file("library"),
                                AbsoluteUnixPath.get("/app/lib.txt"),
                                FilePermissions.fromOctalString("644"))
                        .build())
                .addFileEntriesLayer(FileEntriesLayer.builder()
                        .setName("app")
                        .addEntry(
                                file("#!/bin/sh\necho top\n"),
                                AbsoluteUnixPath.get("/app/run"),
                                FilePermissions.fromOctalString("755"))
                        .addEntry(
                                file("other file"),
                                AbsoluteUnixPath.get("/app/other"),
                                FilePermissions.fromOctalString("640"))
                        .build())
                .setEntrypoint("/app/run");
    }

    @ParameterizedTest
    @ValueSource(strings = {"oci-archive", "docker-archive"})
    void aJibTopLayerOverridesTheLowerOneAndIsTheOnlyLayerRead(String transport) throws Exception {
        Path tar = work.resolve("jib-" + transport + ".tar");
        if (transport.equals("oci-archive")) {
            TestImages.ociArchive(twoJibLayers(), tar, "app:1.0");
        } else {
            TestImages.dockerArchive(twoJibLayers(), tar, "app:1.0");
        }
        ImageFilesystem fs = open(transport + ":" + tar.getFileName());
        assertThat(fs.layerCount()).isEqualTo(2);

        PathResolution run = fs.resolve("/app/run");
        assertThat(run.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(run.file().layer()).isEqualTo(1);
        assertThat(run.file().isRegularFile()).isTrue();
        assertThat(run.file().isExecutable()).isTrue();
        assertThat(run.file().mode()).isEqualTo(0755);
        assertThat(run.detail())
                .startsWith("/app/run found in layer 2 of 2 (")
                .matches(".*\\((sha256:)?[0-9a-f]{64}(\\.tar\\.gz)?\\)");
        assertThat(text(fs, run.file())).isEqualTo("#!/bin/sh\necho top\n");
        // The top layer decided, and its gzip stream kept the head of the file the walk looked for.
        assertThat(fs.layersRead()).isEqualTo(1);

        PathResolution lib = fs.resolve("/app/lib.txt");
        assertThat(lib.file().layer()).isZero();
        assertThat(text(fs, lib.file())).isEqualTo("library");
        assertThat(fs.layersRead()).isEqualTo(2);
        assertThat(fs.resolve("/app").file().isDirectory()).isTrue();
        assertThat(fs.layersRead()).isEqualTo(2);
    }

    @Test
    void aHeadNotKeptWhileStreamingIsReadByStreamingTheLayerAgainOnce() throws Exception {
        TestImages.ociArchive(twoJibLayers(), work.resolve("jib.tar"), "app:1.0");
        ImageFilesystem fs = open("oci-archive:jib.tar");
        fs.resolve("/app/run");
        PathResolution other = fs.resolve("/app/other");
        assertThat(other.file().mode()).isEqualTo(0640);
        assertThat(other.file().isExecutable()).isFalse();
        assertThat(fs.layersRead()).isEqualTo(1);
        assertThat(text(fs, other.file())).isEqualTo("other file");
        assertThat(fs.layersRead()).isEqualTo(2);
        assertThat(text(fs, other.file())).isEqualTo("other file");
        assertThat(fs.layersRead()).isEqualTo(2);
    }

    @Test
    void aJibEntrypointOfAJibBuiltDockerTar() throws Exception {
        byte[] elf = new byte[100_000];
        new Random(7).nextBytes(elf);
        elf[0] = 0x7f;
        elf[1] = 'E';
        TestImages.dockerArchive(TestImages.scratch("arm64", elf, work), work.resolve("scratch.tar"), "svc:1");
        ImageFilesystem fs = open("docker-archive:scratch.tar");
        PathResolution run = fs.resolve("/app/run");
        assertThat(run.found()).isTrue();
        ByteRange range = fs.open(run.file());
        assertThat(range.size()).isEqualTo(elf.length);
        byte[] head = new byte[ImageFilesystem.HEAD_BYTES];
        assertThat(range.read(0, head, 0, head.length)).isEqualTo(ImageFilesystem.HEAD_BYTES);
        assertThat(head).isEqualTo(Arrays.copyOf(elf, ImageFilesystem.HEAD_BYTES));
        assertThat(range.read(ImageFilesystem.HEAD_BYTES, head, 0, 16)).isLessThanOrEqualTo(0);
    }

    @Test
    void aWhiteoutDeletesTheEntrypointWithoutReadingTheLayersBelow() throws Exception {
        ImageFilesystem fs = ociGzip(
                "whiteout",
                layer().dir("app").file("app/run", "#!/bin/sh\n", 0755),
                layer().dir("app").file("app/keep", "kept", 0644),
                layer().dir("app").whiteout("app/run"));
        PathResolution run = fs.resolve("/app/run");
        assertThat(run.outcome()).isEqualTo(Outcome.DELETED_BY_WHITEOUT);
        assertThat(run.file()).isNull();
        assertThat(run.layer()).isEqualTo(2);
        assertThat(run.detail())
                .startsWith("/app/run was deleted by a whiteout in layer 3 of 3 (sha256:")
                .doesNotContain("\n");
        assertThat(fs.layersRead()).isEqualTo(1);
        assertThat(fs.resolve("/app/keep").file().layer()).isEqualTo(1);
    }

    @Test
    void aWhiteoutOfADirectoryDeletesWhatItHeldAndAnUpperLayerCanAddItBack() throws Exception {
        ImageFilesystem fs = ociGzip(
                "whiteout-dir",
                layer().dir("app").file("app/run", "old", 0755).file("app/lib", "lib", 0644),
                layer().whiteout("app"),
                layer().dir("app").file("app/run", "new", 0755));
        PathResolution run = fs.resolve("/app/run");
        assertThat(run.file().layer()).isEqualTo(2);
        assertThat(text(fs, run.file())).isEqualTo("new");
        PathResolution lib = fs.resolve("/app/lib");
        assertThat(lib.outcome()).isEqualTo(Outcome.DELETED_BY_WHITEOUT);
        assertThat(lib.layer()).isEqualTo(1);
        assertThat(lib.detail()).startsWith("/app was deleted by a whiteout in layer 2 of 3");
        assertThat(fs.layersRead()).isEqualTo(2);
    }

    @Test
    void anOpaqueDirectoryHidesLowerContentButNotItsOwnLayers() throws Exception {
        ImageFilesystem fs = ociGzip(
                "opaque",
                layer().dir("app")
                        .file("app/old", "old", 0755)
                        .file("app/run", "old run", 0755)
                        .dir("etc")
                        .file("etc/keep", "keep", 0644),
                layer().dir("app").opaque("app").file("app/new", "new", 0755));
        PathResolution fresh = fs.resolve("/app/new");
        assertThat(fresh.file().layer()).isEqualTo(1);
        PathResolution old = fs.resolve("/app/old");
        assertThat(old.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(old.layer()).isEqualTo(1);
        assertThat(old.detail())
                .isEqualTo("/app/old does not exist: /app is an opaque directory in layer 2 of 2 ("
                        + LayerImages.layerDigest(work.resolve("opaque"), 1)
                        + "), hiding what the layers below have in it");
        assertThat(fs.resolve("/app/run").outcome()).isEqualTo(Outcome.MISSING);
        assertThat(fs.layersRead()).isEqualTo(1);
        assertThat(fs.resolve("/app").file().isDirectory()).isTrue();
        assertThat(fs.resolve("/etc/keep").file().layer()).isZero();
    }

    private static Layer usrMerged() {
        return layer().dir("usr")
                .dir("usr/bin")
                .dir("usr/lib")
                .dir("usr/local")
                .dir("usr/local/bin")
                .dir("etc")
                .file("usr/bin/busybox", "\u007fELF busybox", 0755)
                .symlink("bin", "usr/bin")
                .symlink("lib", "usr/lib")
                .symlink("usr/bin/sh", "busybox")
                .symlink("usr/local/bin/tool", "/usr/bin/busybox")
                .symlink("usr/local/bin/up", "../../bin/sh")
                .file("usr/lib/marker", "usr lib", 0644)
                .file("etc/marker", "etc", 0644);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void symlinksAbsoluteRelativeAndThroughASymlinkedDirectory(boolean legacyArchive) throws Exception {
        ImageFilesystem fs = legacyArchive
                ? legacyArchive("usrmerge.tar", usrMerged(), layer().dir("app"))
                : ociGzip("usrmerge", usrMerged(), layer().dir("app"));

        PathResolution sh = fs.resolve("/bin/sh");
        assertThat(sh.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(sh.resolved()).isEqualTo("/usr/bin/busybox");
        assertThat(sh.file().path()).isEqualTo("/usr/bin/busybox");
        assertThat(sh.symlinkHops()).containsExactly("/bin -> usr/bin", "/usr/bin/sh -> busybox");
        assertThat(text(fs, sh.file())).isEqualTo("\u007fELF busybox");

        PathResolution link = fs.resolve("/bin/sh", false);
        assertThat(link.file().isSymlink()).isTrue();
        assertThat(link.file().path()).isEqualTo("/usr/bin/sh");
        assertThat(link.file().linkTarget()).isEqualTo("busybox");
        assertThat(link.symlinkHops()).containsExactly("/bin -> usr/bin");

        assertThat(fs.resolve("/usr/local/bin/tool").symlinkHops())
                .containsExactly("/usr/local/bin/tool -> /usr/bin/busybox");
        assertThat(fs.resolve("/usr/local/bin/up").resolved()).isEqualTo("/usr/bin/busybox");
        assertThat(fs.resolve("/usr/local/../bin/sh").resolved()).isEqualTo("/usr/bin/busybox");
        assertThat(fs.resolve("/../../bin//./sh").resolved()).isEqualTo("/usr/bin/busybox");
        // ".." leaves the directory the symlink led to, as the kernel does: /bin/.. is /usr, not /.
        PathResolution marker = fs.resolve("/bin/../lib/marker");
        assertThat(marker.resolved()).isEqualTo("/usr/lib/marker");
        assertThat(text(fs, marker.file())).isEqualTo("usr lib");
        assertThat(fs.resolve("/bin/../etc/marker").outcome()).isEqualTo(Outcome.MISSING);
        assertThat(fs.resolve("/lib/../etc/marker").outcome()).isEqualTo(Outcome.MISSING);
        assertThat(fs.resolve("/etc/marker").found()).isTrue();

        PathResolution python = fs.resolve("/bin/python3");
        assertThat(python.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(python.resolved()).isEqualTo("/usr/bin/python3");
        assertThat(python.detail())
                .isEqualTo("/usr/bin/python3 does not exist (resolving /bin/python3 via /bin -> usr/bin)");
        assertThat(fs.resolve("/").file().isDirectory()).isTrue();
        assertThat(fs.resolve("/bin").file().path()).isEqualTo("/usr/bin");
    }

    @Test
    void aDirectoryEntryReplacesALowerSymlinkButAnImpliedDirectoryDoesNot() throws Exception {
        // Docker removes whatever a directory entry replaces, so an upper "bin/" breaks a usrmerge /bin -> usr/bin;
        // a layer that only writes bin/tool (no entry for bin) leaves the symlink in place.
        ImageFilesystem replaced =
                ociGzip("bin-dir", usrMerged(), layer().dir("bin").file("bin/tool", "t", 0755));
        PathResolution sh = replaced.resolve("/bin/sh");
        assertThat(sh.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(sh.symlinkHops()).isEmpty();
        assertThat(sh.detail())
                .startsWith("/bin/sh does not exist: /bin is a symbolic link, not a directory, in layer 1 of 2");
        assertThat(replaced.resolve("/bin/tool").found()).isTrue();

        ImageFilesystem implied = ociGzip("bin-implied", usrMerged(), layer().file("bin/tool", "t", 0755));
        PathResolution kept = implied.resolve("/bin/sh");
        assertThat(kept.resolved()).isEqualTo("/usr/bin/busybox");
        assertThat(kept.symlinkHops()).startsWith("/bin -> usr/bin");
    }

    @Test
    void aSymlinkLoopIsEloopAfterFortyHops() throws Exception {
        Layer chain = layer().symlink("a", "/b").symlink("b", "a").file("target", "end", 0755);
        for (int i = 0; i < 41; i++) {
            chain.symlink("link" + i, "link" + (i + 1));
        }
        chain.symlink("link41", "target");
        ImageFilesystem fs = ociGzip("loop", chain);

        PathResolution loop = fs.resolve("/a");
        assertThat(loop.outcome()).isEqualTo(Outcome.SYMLINK_LOOP);
        assertThat(loop.file()).isNull();
        assertThat(loop.symlinkHops()).hasSize(ImageFilesystem.MAX_SYMLINK_HOPS);
        assertThat(loop.detail()).startsWith("too many levels of symbolic links (more than 40) resolving /a");
        // Exactly 40 links are followed (link2 .. link41); 41 are one too many.
        PathResolution forty = fs.resolve("/link2");
        assertThat(forty.outcome()).isEqualTo(Outcome.FOUND);
        assertThat(forty.symlinkHops()).hasSize(40);
        assertThat(fs.resolve("/link1").outcome()).isEqualTo(Outcome.SYMLINK_LOOP);
        assertThat(fs.resolve("/link1", false).file().isSymlink()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aHardLinkIsItsTargetsContent(boolean legacyArchive) throws Exception {
        Layer lower = layer().dir("usr").dir("usr/bin").file("usr/bin/python3.12", "#!python", 0755);
        Layer upper = layer().dir("./app")
                .file("./app/run", "#!/bin/sh\necho linked\n", 0755)
                .hardLink("./app/run2", "./app/run", 0755)
                .hardLink("app/run3", "app/run2", 0755)
                .hardLink("app/python", "usr/bin/python3.12", 0755)
                .hardLink("app/dangling", "app/nothing", 0755);
        ImageFilesystem fs = legacyArchive ? legacyArchive("hard.tar", lower, upper) : ociGzip("hard", lower, upper);

        PathResolution run2 = fs.resolve("/app/run2");
        assertThat(run2.outcome()).isEqualTo(Outcome.FOUND);
        FileEntry file = run2.file();
        assertThat(file.path()).isEqualTo("/app/run2");
        assertThat(file.hardLinkTo()).isEqualTo("/app/run");
        assertThat(file.isRegularFile()).isTrue();
        assertThat(file.isExecutable()).isTrue();
        assertThat(file.size()).isEqualTo("#!/bin/sh\necho linked\n".length());
        assertThat(text(fs, file)).isEqualTo("#!/bin/sh\necho linked\n");
        assertThat(text(fs, fs.resolve("/app/run3").file())).isEqualTo("#!/bin/sh\necho linked\n");

        PathResolution python = fs.resolve("/app/python");
        assertThat(python.file().layer()).isZero();
        assertThat(text(fs, python.file())).isEqualTo("#!python");

        PathResolution dangling = fs.resolve("/app/dangling");
        assertThat(dangling.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(dangling.detail()).contains("a hard link in layer 2 of 2").contains("to /app/nothing");
    }

    @Test
    void modeBitsTypesAndNotADirectory() throws Exception {
        ImageFilesystem fs = ociGzip(
                "modes",
                layer().dir("app")
                        .file("app/run", "run", 0755)
                        .file("app/owner-only", "x", 0100)
                        .file("app/data", "data", 0644)
                        .file("app/setuid", "s", 04644));
        assertThat(fs.resolve("/app/run").file().isExecutable()).isTrue();
        assertThat(fs.resolve("/app/owner-only").file().isExecutable()).isTrue();
        FileEntry data = fs.resolve("/app/data").file();
        assertThat(data.isExecutable()).isFalse();
        assertThat(data.isRegularFile()).isTrue();
        assertThat(data.mode()).isEqualTo(0644);
        assertThat(fs.resolve("/app/setuid").file().isExecutable()).isFalse();
        FileEntry app = fs.resolve("/app").file();
        assertThat(app.isDirectory()).isTrue();
        assertThat(app.isRegularFile()).isFalse();

        PathResolution under = fs.resolve("/app/run/x");
        assertThat(under.outcome()).isEqualTo(Outcome.NOT_A_DIRECTORY);
        assertThat(under.detail()).isEqualTo("/app/run is not a directory (resolving /app/run/x)");
        assertThat(fs.resolve("/app/run/..").outcome()).isEqualTo(Outcome.NOT_A_DIRECTORY);
        assertThatThrownBy(() -> fs.open(app)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fs.resolve("app/run")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entryNamesAreNormalisedAndParentDirectoriesImplied() throws Exception {
        ImageFilesystem fs = ociGzip(
                "names",
                layer().file("etc/hosts", "lower hosts", 0644),
                layer().file("./app/run", "dot slash", 0755)
                        .file("/usr/bin/env", "absolute", 0755)
                        .file("opt/tool/bin/tool", "bare", 0755)
                        .file("./etc/hosts", "upper hosts", 0644));
        fs.expect(List.of("/usr/bin/env", "/opt/tool/bin/tool", "/etc/hosts"));
        PathResolution run = fs.resolve("/app/run");
        assertThat(run.file().layer()).isEqualTo(1);
        // The upper layer only implies /app (no entry of its own), so the one below is asked whether it has /app as
        // something else, a symlink say, that a directory written implicitly would not replace.
        assertThat(fs.layersRead()).isEqualTo(2);
        assertThat(text(fs, run.file())).isEqualTo("dot slash");
        assertThat(text(fs, fs.resolve("/usr/bin/env").file())).isEqualTo("absolute");
        assertThat(text(fs, fs.resolve("/opt/tool/bin/tool").file())).isEqualTo("bare");
        assertThat(text(fs, fs.resolve("/etc/hosts").file())).isEqualTo("upper hosts");
        assertThat(fs.resolve("/opt/tool").file().isDirectory()).isTrue();
        // Every head was kept by the one pass over each layer, thanks to expect().
        assertThat(fs.layersRead()).isEqualTo(2);
        assertThat(fs.resolve("/etc").file().isDirectory()).isTrue();
        assertThat(fs.resolve("/etc").file().layer()).isEqualTo(1);
    }

    @Test
    void theLegacyDockerArchiveIsReadBySeekingIntoItsLayerTars() throws Exception {
        Layer base =
                layer().dir("app").file("app/run", "#!/bin/sh\nbase\n", 0755).file("app/other", "other", 0644);
        ImageFilesystem fs = legacyArchive("legacy.tar", base, layer().dir("tmp"), layer().dir("tmp"));
        assertThat(fs.layerName(2)).startsWith("layer 3 of 3 (2-").endsWith("/layer.tar)");
        PathResolution run = fs.resolve("/app/run");
        assertThat(run.file().layer()).isZero();
        assertThat(fs.layersRead()).isEqualTo(3);
        // Heads are read by seeking: no layer is read again, whatever the walk asked for before.
        assertThat(text(fs, fs.resolve("/app/other").file())).isEqualTo("other");
        assertThat(text(fs, run.file())).isEqualTo("#!/bin/sh\nbase\n");
        assertThat(fs.layersRead()).isEqualTo(3);
    }

    @Test
    void anArchiveEntryChannelIsABoundedReadOnlyViewFollowingDockersLayerSymlinks() throws Exception {
        Layer layer = layer().file("a", "0123456789", 0644);
        LayerImages.legacyDockerArchive(work.resolve("entries.tar"), List.of(layer, layer().dir("x"), layer));
        try (ImageFiles files = LayoutFiles.open(work.resolve("entries.tar"), "entries.tar")) {
            byte[] tar = layer.tar();
            String linked = "2-" + LayoutReader.sha256(tar).substring(0, 12) + "/layer.tar";
            try (SeekableByteChannel channel = files.channel(linked).orElseThrow()) {
                assertThat(channel.size()).isEqualTo(tar.length);
                ByteBuffer buffer = ByteBuffer.allocate(tar.length + 100);
                while (channel.read(buffer) > 0) {
                    // read to the end
                }
                assertThat(buffer.position()).isEqualTo(tar.length);
                assertThat(Arrays.copyOf(buffer.array(), tar.length)).isEqualTo(tar);
                assertThat(channel.read(ByteBuffer.allocate(1))).isEqualTo(-1);
                channel.position(512);
                ByteBuffer ten = ByteBuffer.allocate(10);
                channel.read(ten);
                assertThat(new String(ten.array(), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
                assertThatThrownBy(() -> channel.write(ByteBuffer.allocate(1)))
                        .isInstanceOf(NonWritableChannelException.class);
            }
            assertThatThrownBy(() -> files.channel("nothing/layer.tar")).isInstanceOf(IOException.class);
        }
        Path gz = work.resolve("entries.tar.gz");
        Files.write(gz, LayerImages.gzip(Files.readAllBytes(work.resolve("entries.tar"))));
        try (ImageFiles files = LayoutFiles.open(gz, "entries.tar.gz")) {
            assertThat(files.channel("manifest.json")).isEmpty();
        }
    }

    @Test
    void uncompressedOciBlobsAreSeekedAndOtherCompressionsStreamed() throws Exception {
        Layer lower = layer().dir("usr").dir("usr/bin").file("usr/bin/tool", "bzip2 tool", 0755);
        Layer upper = layer().dir("app").file("app/run", "plain run", 0755).file("app/more", "more", 0644);
        ImageFilesystem fs = oci(
                "mixed",
                new Blob(LayerImages.bzip2(lower.tar()), "application/vnd.oci.image.layer.v1.tar"),
                plainBlob(upper));
        fs.resolve("/app/run");
        assertThat(text(fs, fs.resolve("/app/more").file())).isEqualTo("more");
        assertThat(fs.layersRead()).isEqualTo(1);
        assertThat(text(fs, fs.resolve("/usr/bin/tool").file())).isEqualTo("bzip2 tool");
        assertThat(fs.layersRead()).isEqualTo(2);
    }

    @Test
    void lowerLayersAreNotReadWhenTheTopLayerDecidesEvenIfTheyAreBroken() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(3).nextBytes(garbage);
        byte[] gz = layer().dir("etc").file("etc/passwd", "root:x:0:0", 0644).gzip();
        ImageFilesystem fs = oci(
                "lazy",
                new Blob(garbage, LayerImages.OCI_LAYER),
                new Blob(Arrays.copyOf(gz, gz.length / 2), LayerImages.OCI_LAYER_GZIP),
                gzipBlob(layer().dir("app").file("app/run", "run", 0755)));
        assertThat(fs.resolve("/app/run").found()).isTrue();
        assertThat(fs.layersRead()).isEqualTo(1);

        String middle = LayerImages.layerDigest(work.resolve("lazy"), 1);
        assertThatThrownBy(() -> fs.resolve("/etc/passwd"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image oci:lazy: layer 2 of 3 (" + middle + ") is truncated or corrupt (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aTruncatedOrCorruptLayerIsAnErrorNamingTheImageAndTheLayer() throws Exception {
        byte[] tar = layer().dir("app")
                .file("app/run", "x".repeat(5000), 0755)
                .file("app/b", "b", 0644)
                .tar();
        byte[] gz = LayerImages.gzip(tar);
        byte[] garbage = new byte[4096];
        new Random(5).nextBytes(garbage);
        List<Blob> broken = List.of(
                new Blob(Arrays.copyOf(gz, gz.length - 6), LayerImages.OCI_LAYER_GZIP), // cut inside the gzip trailer
                new Blob(Arrays.copyOf(tar, 2048), LayerImages.OCI_LAYER), // seeked: cut inside app/run's data
                new Blob(Arrays.copyOf(tar, 2000), LayerImages.OCI_LAYER), // seeked: not whole tar blocks
                new Blob(Arrays.copyOf(tar, 6144), LayerImages.OCI_LAYER), // seeked: cut between two entries
                new Blob(LayerImages.gzip(Arrays.copyOf(tar, 2048)), LayerImages.OCI_LAYER_GZIP), // streamed: cut data
                new Blob(LayerImages.gzip("not a tar".getBytes(StandardCharsets.UTF_8)), LayerImages.OCI_LAYER_GZIP),
                new Blob(garbage, LayerImages.OCI_LAYER));
        for (int i = 0; i < broken.size(); i++) {
            ImageFilesystem fs = oci("broken" + i, broken.get(i));
            String digest = LayerImages.layerDigest(work.resolve("broken" + i), 0);
            assertThatThrownBy(() -> fs.resolve("/app/run"))
                    .as("case %d", i)
                    .isInstanceOf(PreflightException.class)
                    .hasMessageStartingWith(
                            "image oci:broken" + i + ": layer 1 of 1 (" + digest + ") is truncated or corrupt (")
                    .hasMessageNotContaining("\n");
        }
        ImageFilesystem whole = oci("whole", new Blob(gz, LayerImages.OCI_LAYER_GZIP));
        assertThat(text(whole, whole.resolve("/app/run").file())).hasSize(5000);
    }

    @Test
    void aLayerGzippedAsSeveralMembersIsReadToItsEnd() throws Exception {
        // pigz and `cat a.gz b.gz` write one gzip member after another; a reader that stops after the first would miss
        // what the later ones hold
        byte[] tar = layer().dir("app")
                .file("app/first", "f".repeat(300), 0644)
                .file("app/run", "run in the second member", 0755)
                .tar();
        byte[] first = LayerImages.gzip(Arrays.copyOf(tar, 1536));
        byte[] second = LayerImages.gzip(Arrays.copyOfRange(tar, 1536, tar.length));
        byte[] members = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, members, first.length, second.length);

        ImageFilesystem fs = oci("members", new Blob(members, LayerImages.OCI_LAYER_GZIP));

        assertThat(text(fs, fs.resolve("/app/run").file())).isEqualTo("run in the second member");
        assertThat(text(fs, fs.resolve("/app/first").file())).hasSize(300);
    }

    @Test
    void aMissingLayerBlobAndAZstdLayerAreClearErrors() throws Exception {
        Path layout = LayerImages.ociLayout(work.resolve("gone"), List.of(gzipBlob(layer().dir("app"))));
        Files.delete(LayerImages.layerBlob(layout, 0));
        ImageFilesystem gone = open("oci:gone");
        assertThatThrownBy(() -> gone.resolve("/app"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image oci:gone: layer 1 of 1 (sha256:")
                .hasMessageContaining(" is missing (blobs/sha256/");

        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        ImageFilesystem fs = oci("zstd", new Blob(zstd, LayerImages.OCI_LAYER_ZSTD));
        assertThatThrownBy(() -> fs.resolve("/app/run"))
                .isInstanceOf(PreflightException.class)
                .hasMessageStartingWith("image oci:zstd: layer 1 of 1 (sha256:")
                .hasMessageContaining("zstd layers are not supported");
    }

    @Test
    void anEmptyLayerIsNoLayerAtAll() throws Exception {
        ImageFilesystem fs = oci(
                "empty",
                gzipBlob(layer().dir("app").file("app/run", "run", 0755)),
                gzipBlob(layer()),
                new Blob(new byte[0], LayerImages.OCI_LAYER),
                plainBlob(layer()));
        PathResolution run = fs.resolve("/app/run");
        assertThat(run.file().layer()).isZero();
        assertThat(fs.layersRead()).isEqualTo(4);
        assertThat(fs.resolve("/nothing").detail()).isEqualTo("/nothing does not exist");
    }

    // hostile names: each case ran out of memory or time before

    @Test
    void aNameLongerThanPathMaxIsNeverIndexedComponentByComponent() throws Exception {
        // a/a/a/.../file, 200,000 characters (the reported case, which exhausted a 6 GiB heap): no path the kernel
        // opens is that long
        String deep = "a/".repeat(100_000) + "file";
        ImageFilesystem fs =
                ociGzip("deep", layer().file("app/run", "#!/bin/sh\n", 0755).file(deep, "x", 0644));

        assertThat(fs.resolve("/app/run").found()).isTrue();
        PathResolution tooLong = fs.resolve("/" + deep);
        assertThat(tooLong.found()).isFalse();
        assertThat(tooLong.detail()).contains("ENAMETOOLONG");
    }

    @Test
    void aSymbolicLinkTargetLongerThanTheKernelFollowsIsRefusedNotWalked() throws Exception {
        ImageFilesystem fs = oci("longlink", plainBlob(layer().symlink("app/run", "x/../".repeat(100_000) + "bin/sh")));

        PathResolution run = fs.resolve("/app/run");

        assertThat(run.found()).isFalse();
        assertThat(run.detail())
                .contains("symbolic link whose target is 500006 characters")
                .contains("ENAMETOOLONG");
    }

    @Test
    void aGzipLayerOfAMillionEmptyEntriesIsRefusedAtTheEntryLimit() throws Exception {
        // about 1 MB of gzip that lists 1,000,001 entries; indexed whole it would cost about 200 bytes of heap each
        java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
        try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
                new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
                        new java.util.zip.GZIPOutputStream(gzip, 1 << 16))) {
            for (int i = 0; i <= LayerIndex.MAX_ENTRIES; i++) {
                org.apache.commons.compress.archivers.tar.TarArchiveEntry entry =
                        new org.apache.commons.compress.archivers.tar.TarArchiveEntry("f/" + i);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
        }
        ImageFilesystem fs = oci("bomb", new Blob(gzip.toByteArray(), LayerImages.OCI_LAYER_GZIP));
        String digest = LayerImages.layerDigest(work.resolve("bomb"), 0);

        assertThatThrownBy(() -> fs.resolve("/app/run"))
                .isInstanceOf(PreflightException.class)
                .hasMessage("image oci:bomb: layer 1 of 1 (" + digest + ") is refused: it lists more than 1,000,000 "
                        + "entries, more than any real layer");
    }

    @Test
    void aDirectoryListsWhatEveryLayerAddsLessWhatWhiteoutsAndOpaqueDirectoriesHide() throws Exception {
        ImageFilesystem fs = ociGzip(
                "list",
                layer().file("app/libs/a.jar", "a", 0644)
                        .file("app/libs/b.jar", "b", 0644)
                        .file("app/old/x.jar", "x", 0644)
                        .file("opt/c.jar", "c", 0644),
                layer().file("app/libs/d.jar", "d", 0644)
                        .whiteout("app/libs/b.jar")
                        .symlink("app/libs/c.jar", "/opt/c.jar")
                        .symlink("app/libs/gone.jar", "/nowhere.jar")
                        .file("app/libs/sub/e.jar", "e", 0644),
                layer().opaque("app/old").file("app/old/y.jar", "y", 0644));

        assertThat(fs.list("/app/libs"))
                .extracting(FileEntry::path)
                .containsExactly("/app/libs/a.jar", "/opt/c.jar", "/app/libs/d.jar", "/app/libs/sub");
        assertThat(fs.list("/app/old")).extracting(FileEntry::path).containsExactly("/app/old/y.jar");
        assertThat(fs.list("/app")).extracting(FileEntry::path).containsExactly("/app/libs", "/app/old");
        assertThat(fs.list("/app/libs/a.jar")).isEmpty();
        assertThat(fs.list("/missing")).isEmpty();
    }

    @Test
    void aJarInAnUncompressedLayerIsReadBySeekingAndInAGzipLayerInTheFirstPass() throws Exception {
        byte[] jar = io.github.ecspreflight.binary.TestJars.jar(
                work,
                java.util.Map.of("Main-Class", "com.example.App"),
                java.util.Map.of(
                        "com/example/App.class",
                        io.github.ecspreflight.binary.TestJars.compile(work, "com.example.App", 21)));
        ImageFilesystem plain = oci("jar-plain", plainBlob(layer().file("app/app.jar", jar, 0644)));
        assertThat(plain.jar(plain.resolve("/app/app.jar").file()).newest().javaRelease())
                .isEqualTo(21);
        assertThat(plain.layersRead()).isEqualTo(1);

        ImageFilesystem gzip =
                ociGzip("jar-gzip", layer().file("app/app.jar", jar, 0644), layer().file("bin/x", "", 0755));
        gzip.alsoExpectJavaUnder(List.of("/app"));
        assertThat(gzip.jar(gzip.resolve("/app/app.jar").file()).mainClass()).isEqualTo("com.example.App");
        assertThat(gzip.layersRead())
                .as("each layer streamed once, the jar read in the pass")
                .isEqualTo(2);

        ImageFilesystem unexpected = ociGzip("jar-again", layer().file("srv/app.jar", jar, 0644));
        assertThat(unexpected.jar(unexpected.resolve("/srv/app.jar").file()).classes())
                .isEqualTo(1);
        assertThat(unexpected.layersRead())
                .as("a jar not expected streams its layer again")
                .isEqualTo(2);
    }

    @Test
    void aFileThatIsNoJarIsUnreadableNamingItAndItsLayer() throws Exception {
        ImageFilesystem fs = oci("not-a-jar", plainBlob(layer().file("app/app.jar", "#!/bin/sh\n", 0644)));
        assertThatThrownBy(() -> fs.jar(fs.resolve("/app/app.jar").file()))
                .isInstanceOf(io.github.ecspreflight.binary.UnreadableJarException.class)
                .hasMessageStartingWith("/app/app.jar in layer 1 of 1 (sha256:")
                .hasMessageContaining("is not a readable jar");
    }
}
