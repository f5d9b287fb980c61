package io.github.ecspreflight.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** What image layouts and layers share of the tar format. */
public final class TarArchives {

    private static final int BLOCK = TarConstants.DEFAULT_RCDSIZE;

    private TarArchives() {}

    /** Whether a tar's end-of-archive (zero) block is at {@code position}: a whole archive has one after its last entry. */
    public static boolean zeroBlockAt(SeekableByteChannel channel, long position) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        channel.position(position);
        while (block.hasRemaining() && channel.read(block) > 0) {
            // fill
        }
        for (byte b : block.array()) {
            if (b != 0) {
                return false;
            }
        }
        return !block.hasRemaining();
    }
}
