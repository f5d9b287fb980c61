package io.github.ecspreflight.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.ecspreflight.image.layout.LayoutReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * Images whose layers are written entry by entry, for what Jib cannot build: symlinks, hard links, whiteouts, opaque
 * directories, odd entry names, broken layers. Layers are assembled as an OCI layout (gzip or uncompressed blobs, as
 * {@code skopeo copy oci:} writes them) or as Docker's legacy {@code docker save} archive ({@code ID/layer.tar},
 * uncompressed, as Docker before 25 writes it).
 */
public final class LayerImages {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

    private LayerImages() {}

    /** One layer's tar, entries in the order given, names exactly as given. */
    public static final class Layer {

        private final List<TarArchiveEntry> entries = new ArrayList<>();
        private final List<byte[]> contents = new ArrayList<>();

        public Layer file(String name, String content, int mode) {
            return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
        }

        public Layer file(String name, byte[] content, int mode) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setMode(mode);
            entry.setSize(content.length);
            return add(entry, content);
        }

        public Layer dir(String name) {
            TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR);
            entry.setMode(0755);
            return add(entry, new byte[0]);
        }

        public Layer symlink(String name, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            entry.setLinkName(target);
            entry.setMode(0777);
            return add(entry, new byte[0]);
        }

        /** A tar hard link entry: {@code name} shares {@code target}'s content (a name inside the layer). */
        public Layer hardLink(String name, String target, int mode) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
            entry.setLinkName(target);
            entry.setMode(mode);
            return add(entry, new byte[0]);
        }

        /** {@code DIR/.wh.NAME}: deletes {@code DIR/NAME} of the layers below. */
        public Layer whiteout(String path) {
            int slash = path.lastIndexOf('/');
            return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), new byte[0], 0644);
        }

        /** {@code DIR/.wh..wh..opq}: hides what the layers below have in {@code DIR}. */
        public Layer opaque(String directory) {
            return file(directory + "/.wh..wh..opq", new byte[0], 0644);
        }

        private Layer add(TarArchiveEntry entry, byte[] content) {
            entries.add(entry);
            contents.add(content);
            return this;
        }

        public byte[] tar() {
            if (entries.stream()
                    .anyMatch(e -> e.getName().length() > 100 || e.getLinkName().length() > 100)) {
                return PaxTar.write(entries, contents);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                for (int i = 0; i < entries.size(); i++) {
                    tar.putArchiveEntry(entries.get(i));
                    tar.write(contents.get(i));
                    tar.closeArchiveEntry();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return bytes.toByteArray();
        }

        public byte[] gzip() {
            return LayerImages.gzip(tar());
        }
    }

    public static Layer layer() {
        return new Layer();
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    public static byte[] bzip2(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream bz = new BZip2CompressorOutputStream(out)) {
            bz.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** A layer blob as stored, with the media type its manifest gives it. */
    public record Blob(byte[] bytes, String mediaType) {}

    public static Blob gzipBlob(Layer layer) {
        return new Blob(layer.gzip(), OCI_LAYER_GZIP);
    }

    public static Blob plainBlob(Layer layer) {
        return new Blob(layer.tar(), OCI_LAYER);
    }

    /** An OCI layout directory holding one linux/amd64 image whose layers are {@code blobs}, bottom first. */
    public static Path ociLayout(Path directory, List<Blob> blobs) throws IOException {
        ArrayNode layers = MAPPER.createArrayNode();
        ArrayNode diffIds = MAPPER.createArrayNode();
        for (Blob blob : blobs) {
            String digest = write(directory, blob.bytes());
            layers.addObject()
                    .put("mediaType", blob.mediaType())
                    .put("digest", digest)
                    .put("size", blob.bytes().length);
            diffIds.add(digest);
        }
        byte[] config = config(diffIds);
        String configDigest = write(directory, config);
        ObjectNode manifest = MAPPER.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", Descriptor.OCI_MANIFEST);
        manifest.putObject("config")
                .put("mediaType", "application/vnd.oci.image.config.v1+json")
                .put("digest", configDigest)
                .put("size", config.length);
        manifest.set("layers", layers);
        byte[] manifestBytes = MAPPER.writeValueAsBytes(manifest);
        String manifestDigest = write(directory, manifestBytes);
        ObjectNode index = MAPPER.createObjectNode();
        index.put("schemaVersion", 2);
        index.putArray("manifests")
                .addObject()
                .put("mediaType", Descriptor.OCI_MANIFEST)
                .put("digest", manifestDigest)
                .put("size", manifestBytes.length)
                .putObject("annotations")
                .put("org.opencontainers.image.ref.name", "1.0");
        MAPPER.writeValue(directory.resolve("index.json").toFile(), index);
        Files.writeString(directory.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return directory;
    }

    /** The digest of the {@code layer}th layer (0 = bottom) of a layout written by {@link #ociLayout}. */
    public static String layerDigest(Path layout, int layer) throws IOException {
        String manifest = MAPPER.readTree(layout.resolve("index.json").toFile())
                .path("manifests")
                .get(0)
                .path("digest")
                .asText();
        return MAPPER.readTree(TestImages.blob(layout, manifest).toFile())
                .path("layers")
                .get(layer)
                .path("digest")
                .asText();
    }

    /** The blob file of the {@code layer}th layer (0 = bottom) of a layout written by {@link #ociLayout}. */
    public static Path layerBlob(Path layout, int layer) throws IOException {
        return TestImages.blob(layout, layerDigest(layout, layer));
    }

    /**
     * Docker's legacy {@code docker save} archive: {@code manifest.json}, the config, and each layer as an uncompressed
     * {@code ID/layer.tar}. A layer given twice is written once and linked from the second directory by a symlink, as
     * Docker does.
     */
    public static Path legacyDockerArchive(Path archive, List<Layer> layers) throws IOException {
        ArrayNode diffIds = MAPPER.createArrayNode();
        ArrayNode layerPaths = MAPPER.createArrayNode();
        List<String> ids = new ArrayList<>();
        List<byte[]> tars = new ArrayList<>();
        for (Layer layer : layers) {
            byte[] tar = layer.tar();
            String id = LayoutReader.sha256(tar);
            diffIds.add("sha256:" + id);
            String dir = ids.size() + "-" + id.substring(0, 12);
            layerPaths.add(dir + "/layer.tar");
            ids.add(dir);
            tars.add(tar);
        }
        byte[] config = config(diffIds);
        String configName = LayoutReader.sha256(config) + ".json";
        ArrayNode manifest = MAPPER.createArrayNode();
        ObjectNode image = manifest.addObject();
        image.put("Config", configName);
        image.putArray("RepoTags").add("legacy:1.0");
        image.set("Layers", layerPaths);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            List<String> written = new ArrayList<>();
            for (int i = 0; i < tars.size(); i++) {
                String sameAs = null;
                for (int j = 0; j < i; j++) {
                    if (java.util.Arrays.equals(tars.get(j), tars.get(i))) {
                        sameAs = written.get(j);
                        break;
                    }
                }
                written.add(sameAs != null ? sameAs : ids.get(i));
                putDirectory(out, ids.get(i) + "/");
                if (sameAs != null) {
                    TarArchiveEntry link = new TarArchiveEntry(ids.get(i) + "/layer.tar", TarConstants.LF_SYMLINK);
                    link.setLinkName("../" + sameAs + "/layer.tar");
                    out.putArchiveEntry(link);
                    out.closeArchiveEntry();
                } else {
                    putFile(out, ids.get(i) + "/layer.tar", tars.get(i));
                }
            }
            putFile(out, configName, config);
            putFile(out, "manifest.json", MAPPER.writeValueAsBytes(manifest));
        }
        return archive;
    }

    private static void putDirectory(TarArchiveOutputStream out, String name) throws IOException {
        out.putArchiveEntry(new TarArchiveEntry(name, TarConstants.LF_DIR));
        out.closeArchiveEntry();
    }

    private static void putFile(TarArchiveOutputStream out, String name, byte[] bytes) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(bytes.length);
        out.putArchiveEntry(entry);
        out.write(bytes);
        out.closeArchiveEntry();
    }

    private static byte[] config(ArrayNode diffIds) throws IOException {
        ObjectNode config = MAPPER.createObjectNode();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.putObject("config").putArray("Entrypoint").add("/app/run");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", diffIds);
        return MAPPER.writeValueAsBytes(config);
    }

    private static String write(Path layout, byte[] bytes) throws IOException {
        String digest = "sha256:" + LayoutReader.sha256(bytes);
        Files.write(TestImages.blob(layout, digest), bytes);
        return digest;
    }
}
