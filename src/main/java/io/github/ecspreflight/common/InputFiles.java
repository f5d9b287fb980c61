package io.github.ecspreflight.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one way the plugin reads a file it is given (a task definition, a template, a Terraform {@code file()}, an
 * image archive's metadata): only a regular file, never a FIFO or a device that could block the build for ever or
 * stream without end, and never more than a limit far above any real input.
 */
public final class InputFiles {

    /** Task definitions, templates, plans, Terraform files and what {@code file()} reads: real ones are kilobytes to a few MiB. */
    public static final long MAX_TEXT_BYTES = 64L * 1024 * 1024;

    private InputFiles() {}

    /**
     * Refuses anything but a regular file (after symbolic links), naming the input.
     *
     * @param what the input as a message names it, e.g. {@code taskDefinition infra/main.tf}
     */
    public static void requireRegularFile(Path file, String what) throws PreflightException {
        if (Files.isRegularFile(file)) {
            return;
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new PreflightException(what + ": file not found");
        }
        if (Files.isDirectory(file)) {
            throw new PreflightException(what + ": is a directory, expected a file");
        }
        throw new PreflightException(what + ": not a regular file (a FIFO, a socket, a device or a dangling link), "
                + "which the plugin never reads");
    }

    /** The whole file, when it is regular and at most {@code limit} bytes. */
    public static byte[] read(Path file, String what, long limit) throws PreflightException {
        requireRegularFile(file, what);
        try {
            long size = Files.size(file);
            if (size > limit) {
                throw new PreflightException(what + ": the file has " + size + " bytes, more than the " + limit
                        + " that any real input has");
            }
            try (InputStream in = Files.newInputStream(file)) {
                // read one byte past the limit: a file that grows while it is read is caught too
                byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
                if (bytes.length > limit) {
                    throw new PreflightException(what + ": the file grew past " + limit + " bytes while it was read");
                }
                return bytes;
            }
        } catch (NoSuchFileException e) {
            throw new PreflightException(what + ": file not found");
        } catch (AccessDeniedException e) {
            throw new PreflightException(what + ": cannot read file: permission denied");
        } catch (IOException e) {
            throw new PreflightException(what + ": cannot read file: " + Messages.oneLine(e));
        }
    }

    /** A text file as UTF-8, at most {@link #MAX_TEXT_BYTES}; one that is not UTF-8 is named as such. */
    public static String readText(Path file, String what) throws PreflightException {
        byte[] bytes = read(file, what, MAX_TEXT_BYTES);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PreflightException(what + ": not a UTF-8 text file");
        }
    }
}
