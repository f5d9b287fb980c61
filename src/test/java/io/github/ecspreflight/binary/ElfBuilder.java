package io.github.ecspreflight.binary;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-made ELF files for what no installed compiler builds here (big-endian, ppc64, s390x, riscv64, 32-bit arm)
 * and for damaged headers. Field offsets are those of the System V ABI: ELF header (64 bytes in ELFCLASS64, 52 in
 * ELFCLASS32), program headers of 56 or 32 bytes. Everything not set is zero.
 */
final class ElfBuilder {

    static final int ET_REL = 1;
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    static final int PT_LOAD = 1;
    static final int PT_INTERP = 3;

    private final int bits;
    private final ByteOrder order;
    private int elfClass;
    private int elfData;
    private int type = ET_EXEC;
    private final int machine;
    private long phoff;
    private Integer phentsize;
    private Integer phnum;
    private final List<long[]> programHeaders = new ArrayList<>(); // {p_type, p_offset, p_filesz}
    private final List<Object[]> blobs = new ArrayList<>(); // {Long offset, byte[] bytes}
    private int size;

    ElfBuilder(int bits, ByteOrder order, int machine) {
        this.bits = bits;
        this.order = order;
        this.machine = machine;
        this.elfClass = bits == 64 ? 2 : 1;
        this.elfData = order == ByteOrder.LITTLE_ENDIAN ? 1 : 2;
        this.phoff = headerSize();
        this.size = headerSize();
    }

    int headerSize() {
        return bits == 64 ? 64 : 52;
    }

    int entrySize() {
        return bits == 64 ? 56 : 32;
    }

    ElfBuilder type(int eType) {
        this.type = eType;
        return this;
    }

    ElfBuilder elfClass(int value) {
        this.elfClass = value;
        return this;
    }

    ElfBuilder elfData(int value) {
        this.elfData = value;
        return this;
    }

    /** Where the program header table goes (e_phoff); it follows the ELF header unless moved. */
    ElfBuilder programHeadersAt(long offset) {
        this.phoff = offset;
        return this;
    }

    ElfBuilder phentsize(int value) {
        this.phentsize = value;
        return this;
    }

    ElfBuilder phnum(int value) {
        this.phnum = value;
        return this;
    }

    ElfBuilder programHeader(int pType, long offset, long fileSize) {
        programHeaders.add(new long[] {pType, offset, fileSize});
        return this;
    }

    /** A PT_INTERP header and its NUL-terminated path at {@code offset}. */
    ElfBuilder interpreter(String path, long offset) {
        byte[] bytes = (path + "\0").getBytes(StandardCharsets.UTF_8);
        programHeader(PT_INTERP, offset, bytes.length);
        return bytes(offset, bytes);
    }

    ElfBuilder bytes(long offset, byte[] bytes) {
        blobs.add(new Object[] {offset, bytes});
        return this;
    }

    /** The file's total size; by default just large enough for what was put in. */
    ElfBuilder size(int totalSize) {
        this.size = totalSize;
        return this;
    }

    byte[] build() {
        // a table placed beyond the file (or at a huge unsigned offset) is left out: the header still points there
        boolean tableInside =
                phoff >= 0 && phoff + (long) programHeaders.size() * entrySize() <= Math.max(size, 1 << 20);
        int total = tableInside ? Math.max(size, (int) phoff + programHeaders.size() * entrySize()) : size;
        for (Object[] blob : blobs) {
            total = Math.max(total, (int) (long) (Long) blob[0] + ((byte[]) blob[1]).length);
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(order);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', (byte) elfClass, (byte) elfData, 1 /* EV_CURRENT */});
        b.putShort(16, (short) type);
        b.putShort(18, (short) machine);
        b.putInt(20, 1); // e_version
        if (bits == 64) {
            b.putLong(32, phoff);
            b.putShort(52, (short) 64);
            b.putShort(54, (short) (phentsize != null ? phentsize : entrySize()));
            b.putShort(56, (short) (phnum != null ? phnum : programHeaders.size()));
        } else {
            b.putInt(28, (int) phoff);
            b.putShort(40, (short) 52);
            b.putShort(42, (short) (phentsize != null ? phentsize : entrySize()));
            b.putShort(44, (short) (phnum != null ? phnum : programHeaders.size()));
        }
        for (int i = 0; tableInside && i < programHeaders.size(); i++) {
            long[] ph = programHeaders.get(i);
            int at = (int) phoff + i * entrySize();
            b.putInt(at, (int) ph[0]);
            if (bits == 64) {
                b.putLong(at + 8, ph[1]);
                b.putLong(at + 32, ph[2]);
            } else {
                b.putInt(at + 4, (int) ph[1]);
                b.putInt(at + 16, (int) ph[2]);
            }
        }
        for (Object[] blob : blobs) {
            b.put((int) (long) (Long) blob[0], (byte[]) blob[1]);
        }
        return b.array();
    }
}
