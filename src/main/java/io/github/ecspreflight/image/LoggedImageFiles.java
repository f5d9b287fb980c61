package io.github.ecspreflight.image;

import io.github.ecspreflight.common.BuildLog;
import io.github.ecspreflight.common.PreflightException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An image's files that tell the build's debug log what was read: each metadata file, and on close the bytes taken
 * from each layer, streamed or by seeking, so {@code mvn -X} shows that an entrypoint check read a few headers of a
 * large layer, not the layer. Used only when debug lines are shown: otherwise the files are read undecorated.
 */
public final class LoggedImageFiles implements ImageFiles {

    private final ImageFiles files;
    private final BuildLog log;
    private final Map<String, AtomicLong> bytesRead = new TreeMap<>();

    private LoggedImageFiles(ImageFiles files, BuildLog log) {
        this.files = files;
        this.log = log;
    }

    /** {@code files} itself when the log shows no debug lines. */
    public static ImageFiles of(ImageFiles files, BuildLog log) {
        return log.isDebugEnabled() ? new LoggedImageFiles(files, log) : files;
    }

    @Override
    public String displayName() {
        return files.displayName();
    }

    @Override
    public boolean verifiesDigests() {
        return files.verifiesDigests();
    }

    @Override
    public boolean exists(String path) {
        return files.exists(path);
    }

    @Override
    public byte[] readMetadata(String path) throws PreflightException {
        byte[] bytes = files.readMetadata(path);
        log.debug("ecs-preflight: " + displayName() + ": read " + path + " (" + bytes.length + " bytes)");
        return bytes;
    }

    @Override
    public InputStream open(String path) throws IOException {
        AtomicLong counter = counter(path);
        CountingInputStream counting = new CountingInputStream(files.open(path));
        return new java.io.FilterInputStream(counting) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    counter.addAndGet(counting.count());
                }
                super.close();
            }
        };
    }

    @Override
    public Optional<SeekableByteChannel> channel(String path) throws IOException {
        AtomicLong counter = counter(path);
        return files.channel(path).map(channel -> new Counted(channel, counter));
    }

    private synchronized AtomicLong counter(String path) {
        return bytesRead.computeIfAbsent(path, p -> new AtomicLong());
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            bytesRead.forEach((path, bytes) ->
                    log.debug("ecs-preflight: " + displayName() + ": read " + bytes.get() + " bytes of " + path));
        }
        files.close();
    }

    /** Counts the bytes read through a channel; seeking is free. */
    private static final class Counted implements SeekableByteChannel {
        private final SeekableByteChannel channel;
        private final AtomicLong counter;

        Counted(SeekableByteChannel channel, AtomicLong counter) {
            this.channel = channel;
            this.counter = counter;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = channel.read(dst);
            if (n > 0) {
                counter.addAndGet(n);
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public long position() throws IOException {
            return channel.position();
        }

        @Override
        public SeekableByteChannel position(long newPosition) throws IOException {
            channel.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public SeekableByteChannel truncate(long size) throws IOException {
            channel.truncate(size);
            return this;
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
