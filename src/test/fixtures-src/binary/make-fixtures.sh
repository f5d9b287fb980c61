#!/bin/sh
# Builds the ELF fixtures under src/test/resources/binary/ from the C sources next to this script.
# The outputs are committed; run this again only to change them (Debian 12: gcc, gcc-aarch64-linux-gnu).
#
#   static-x86_64       x86-64, static (no PT_INTERP), ET_EXEC
#   static-aarch64      aarch64, static, ET_EXEC
#   static-i386         i386, static, ET_EXEC; skipped when gcc -m32 cannot build it
#   static-pie-x86_64   x86-64, static-pie: ET_DYN but still no PT_INTERP
#   dynamic-x86_64      x86-64, PIE (ET_DYN), PT_INTERP /lib64/ld-linux-x86-64.so.2, DT_NEEDED libc.so.6
#   dynamic-aarch64     aarch64, PIE (ET_DYN), PT_INTERP /lib/ld-linux-aarch64.so.1, DT_NEEDED libc.so.6
#   dynamic-zlib-x86_64 x86-64, PIE, DT_NEEDED libz.so.1 and libc.so.6, DT_RUNPATH $ORIGIN/../lib (zlib1g-dev), as an
#                       application that ships its own libraries beside its binary
#   libgreet-musl-x86_64.so   x86-64 shared library built by Debian's musl-gcc (package musl-tools)
#   dynamic-musl-greet-x86_64 x86-64 PIE built by musl-gcc, PT_INTERP /lib/ld-musl-x86_64.so.1, DT_NEEDED
#                       libgreet.so and libc.so, no RPATH: found only where musl's path file or defaults say
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../resources/binary"
mkdir -p "$out"

# Flags that keep the files small and reproducible: no build-id note (a hash that would differ per build),
# no .comment/.eh_frame, no separate page-aligned code segment, 4 KiB instead of 64 KiB segment alignment
# (aarch64's default), stripped.
small="-Os -s -fno-asynchronous-unwind-tables -fno-ident -Wl,--build-id=none -Wl,-z,norelro
       -Wl,-z,noseparate-code -Wl,-z,max-page-size=4096 -Wl,--hash-style=gnu -Wl,--no-eh-frame-hdr"
static="-nostdlib -static"

gcc                   $small $static      "$here/exit-syscall.c" -o "$out/static-x86_64"
aarch64-linux-gnu-gcc $small $static      "$here/exit-syscall.c" -o "$out/static-aarch64"
gcc                   $small -nostdlib -static-pie "$here/exit-syscall.c" -o "$out/static-pie-x86_64"
gcc                   $small -nostartfiles "$here/exit-libc.c"   -o "$out/dynamic-x86_64"
aarch64-linux-gnu-gcc $small -nostartfiles "$here/exit-libc.c"   -o "$out/dynamic-aarch64"
gcc                   $small "$here/needs-zlib.c" -lz -Wl,-rpath,'$ORIGIN/../lib' -Wl,--enable-new-dtags \
                      -o "$out/dynamic-zlib-x86_64"

# the program records the library by its soname, libgreet.so, whatever the file is called
musl-gcc $small -shared -fPIC -Wl,-soname,libgreet.so "$here/greet.c" -o "$out/libgreet-musl-x86_64.so"
musl-gcc $small "$here/needs-greet.c" "$out/libgreet-musl-x86_64.so" -o "$out/dynamic-musl-greet-x86_64"

# -m32 needs only the compiler and assembler here (no 32-bit libc is linked), but skip it if unsupported.
if gcc -m32 $small $static "$here/exit-syscall.c" -o "$out/static-i386" 2>/dev/null; then :; else
    echo "gcc -m32 does not work here: static-i386 not rebuilt" >&2
fi

ls -l "$out"
