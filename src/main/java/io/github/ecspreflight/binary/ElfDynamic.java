package io.github.ecspreflight.binary;

import java.util.List;

/**
 * What an ELF file's dynamic section asks of the dynamic loader ({@code ld.so(8)}): the shared libraries it needs, in
 * order, and where to look for them first.
 *
 * @param needed the DT_NEEDED names ({@code libz.so.1}), in the order ld.so loads them
 * @param rpath the DT_RPATH directories, searched before LD_LIBRARY_PATH, and only when there is no DT_RUNPATH
 * @param runpath the DT_RUNPATH directories, searched after LD_LIBRARY_PATH; both may hold {@code $ORIGIN}
 */
public record ElfDynamic(List<String> needed, List<String> rpath, List<String> runpath) {

    public ElfDynamic {
        needed = List.copyOf(needed);
        rpath = List.copyOf(rpath);
        runpath = List.copyOf(runpath);
    }
}
