package io.github.ecspreflight.image.registry;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Downloaded layer blobs, kept by digest ({@code DIR/blobs/sha256/HEX}) so that the next build reads them from disk.
 * A blob enters the cache only whole and with the digest it is named by: it is written to a temporary file beside its
 * place, checked, then moved there atomically, so concurrent builds and interrupted downloads never leave a wrong one.
 * A download is cut off as soon as it passes the size its manifest gives. And a blob is trusted only after its digest
 * is checked again on every read, since a CI cache restored from another branch can hold anything under any name: a
 * blob that no longer matches is fetched again.
 */
final class BlobCache {

    /** Writes a blob's bytes; the registry client's pull. */
    @FunctionalInterface
    interface Download {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A download whose bytes do not match the digest or size it was asked for. */
    static final class MismatchException extends IOException {
        MismatchException(String message) {
            super(message);
        }
    }

    private final Path root;

    BlobCache(Path directory) {
        this.root = directory.resolve("blobs");
    }

    /** Where a blob lies once cached. */
    Path path(String digest) {
        int colon = digest.indexOf(':');
        return root.resolve(digest.substring(0, colon)).resolve(digest.substring(colon + 1));
    }

    /**
     * The cached blob, downloaded first when it is not there yet.
     *
     * @param size the size the manifest gives, checked; -1 when unknown
     * @return the file and whether it had to be downloaded
     */
    Path get(String digest, long size, Download download) throws IOException {
        Path target = path(digest);
        if (Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && (size < 0 || Files.size(target) == size)
                && digestOf(target, digest).equals(digest)) {
            return target;
        }
        Files.deleteIfExists(target);
        Files.createDirectories(target.getParent());
        removeOrphans(target.getParent());
        Path partial =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            MessageDigest hash = messageDigest(digest);
            long written;
            // A FileOutputStream, not a channel: a thread interrupted to stop jib-core's retries must not close it.
            try (CountingOutputStream counting =
                            new CountingOutputStream(new FileOutputStream(partial.toFile()), size);
                    DigestOutputStream out = new DigestOutputStream(counting, hash)) {
                download.writeTo(out);
                out.flush();
                written = counting.count;
            }
            String actual = digest.substring(0, digest.indexOf(':') + 1)
                    + HexFormat.of().formatHex(hash.digest());
            if (!actual.equals(digest)) {
                throw new MismatchException(
                        "the registry sent " + written + " bytes whose digest is " + actual + ", not " + digest);
            }
            if (size >= 0 && written != size) {
                throw new MismatchException("the registry sent " + written + " bytes, the manifest says " + size);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The digest of a file as the registry names digests: {@code sha256:HEX}. */
    private static String digestOf(Path file, String like) throws IOException {
        MessageDigest hash = messageDigest(like);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) {
                hash.update(buffer, 0, read);
            }
        }
        return like.substring(0, like.indexOf(':') + 1) + HexFormat.of().formatHex(hash.digest());
    }

    /** Downloads another build left behind (it was killed mid-way): older than an hour, nobody is writing them. */
    private static void removeOrphans(Path directory) {
        long hourAgo = System.currentTimeMillis() - 3_600_000L;
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".part")
                        && Files.getLastModifiedTime(file).toMillis() < hourAgo) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // another build's files: tidying them is a courtesy, never a failure
        }
    }

    private static MessageDigest messageDigest(String digest) throws IOException {
        String algorithm = digest.substring(0, digest.indexOf(':'));
        try {
            return MessageDigest.getInstance(
                    switch (algorithm) {
                        case "sha256" -> "SHA-256";
                        case "sha384" -> "SHA-384";
                        case "sha512" -> "SHA-512";
                        default -> throw new IOException("unsupported digest algorithm " + algorithm);
                    });
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("unsupported digest algorithm " + algorithm, e);
        }
    }

    /** Counts what is written, and refuses to write past the size the manifest gives (-1: no size known). */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        private final long limit;
        long count;

        CountingOutputStream(OutputStream out, long limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
            count += len;
        }

        private void check(int more) throws MismatchException {
            if (limit >= 0 && count + more > limit) {
                throw new MismatchException("the registry sent more than the " + limit + " bytes the manifest says");
            }
        }
    }
}
